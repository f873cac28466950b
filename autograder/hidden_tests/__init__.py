"""Hidden tests, one module per notebook, called from the notebooks' hidden test cells."""
