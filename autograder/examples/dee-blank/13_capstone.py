# Dee submitted the notebook as it was released: nothing is answered.
