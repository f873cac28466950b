# Ada answers everything correctly, in her own words.
# %% sinusoidal_encoding
def sinusoidal_encoding(d_model, N):
    P = np.zeros((d_model, N))
    i = np.arange(N)
    for row in range(d_model):
        m = row // 2
        omega = 1.0 / 10000 ** (2 * m / d_model)
        if row % 2 == 0:
            P[row] = np.sin(omega * i)
        else:
            P[row] = np.cos(omega * i)
    return P

# %% permute_positions
def permute_positions(I, order):
    # new position i gets the column that was at position order[i]
    return np.take(I, order, axis=1)

# %% attention_with_positions
def attention_with_positions(I, Wq, Wk, Wv):
    d_in, N = np.shape(I)
    return lecture_layer(I + sinusoidal_encoding(d_in, N), Wq, Wk, Wv)
