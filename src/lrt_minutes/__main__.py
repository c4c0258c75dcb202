"""python -m lrt_minutes"""

from .cli import main

main()
