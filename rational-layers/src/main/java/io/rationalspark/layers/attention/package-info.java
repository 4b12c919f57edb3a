/**
 * Multi-head scaled dot-product self-attention over sequences (Vaswani et al. 2017, "Attention Is All You Need")
 * as a DL4J layer with hand-written backprop.
 *
 * <p>{@link io.rationalspark.layers.attention.SelfAttentionLayer} is the configuration (size, heads),
 * {@link io.rationalspark.layers.attention.SelfAttentionParamInitializer} names the projections' weight and bias
 * views of the network's parameter vector, {@link io.rationalspark.layers.attention.SelfAttentionLayerImpl} is the
 * DL4J runtime, and {@link io.rationalspark.layers.attention.SelfAttention} holds the math (forward and backward
 * with ND4J operations, batched over examples and heads).
 *
 * <p>DL4J 1.0.0-M2.1 has attention layers of its own ({@code SelfAttentionLayer}, {@code LearnedSelfAttentionLayer},
 * {@code RecurrentAttentionLayer}), but they are {@code SameDiffLayer}s, whose gradients come out 2× too large in
 * this release; this package does not use SameDiff.
 */
package io.rationalspark.layers.attention;
