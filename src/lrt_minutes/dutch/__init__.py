"""What every stage knows of the Dutch language and of minutes as a genre: dates, months, times."""
