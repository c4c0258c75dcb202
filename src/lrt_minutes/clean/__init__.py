"""Stage 2, clean: page furniture out (and recorded), spaces and bullets normalised, wrapped lines joined."""
