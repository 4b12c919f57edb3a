/**
 * DL4J layers of RationalSpark: the rational activation ({@code rational}), the fixed activations the paper
 * compares against ({@code activations}), a self-attention block ({@code attention}) and the CUDA kernels
 * ({@code cuda}); this package holds what their layer classes share.
 */
package io.rationalspark.layers;
