"""Stage 1, read: input bytes into numbered lines (text files in `text`, PDFs by geometry in `pdf`).

`text` also holds the hand-off types of this stage (`Line`, `ReadResult`). `pdf` imports
pypdfium2 and is imported only when a PDF is read.
"""
