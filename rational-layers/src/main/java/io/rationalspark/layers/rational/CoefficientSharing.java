package io.rationalspark.layers.rational;

import java.util.Locale;
import java.util.Objects;

/**
 * How many coefficient sets a rational layer has, and which channels (dimension 1 of the input) share each.
 *
 * <p>All three modes are one mechanism: the C channels are split into {@code sets} consecutive groups of
 * C / sets channels, each with its own numerator and denominator coefficients. {@link Mode#LAYER} is one
 * group, {@link Mode#CHANNEL} is C groups, {@link Mode#GROUPS} is a given number of groups that must divide C.
 */
public final class CoefficientSharing {

    /** The sharing modes. */
    public enum Mode { LAYER, CHANNEL, GROUPS }

    private static final CoefficientSharing LAYER = new CoefficientSharing(Mode.LAYER, 1);
    private static final CoefficientSharing CHANNEL = new CoefficientSharing(Mode.CHANNEL, 0);

    private final Mode mode;
    private final int groups;

    private CoefficientSharing(Mode mode, int groups) {
        this.mode = mode;
        this.groups = groups;
    }

    /** One coefficient set for the whole layer. */
    public static CoefficientSharing layer() {
        return LAYER;
    }

    /** One coefficient set per channel. */
    public static CoefficientSharing perChannel() {
        return CHANNEL;
    }

    /** {@code groups} coefficient sets, each shared by C / groups consecutive channels. */
    public static CoefficientSharing groups(int groups) {
        if (groups < 1) {
            throw new IllegalArgumentException("rational.groups must be >= 1, got " + groups);
        }
        return new CoefficientSharing(Mode.GROUPS, groups);
    }

    /** Builds a sharing from its mode and, for {@link Mode#GROUPS}, the group count (ignored otherwise). */
    public static CoefficientSharing of(Mode mode, int groups) {
        switch (Objects.requireNonNull(mode, "rational.sharing must not be null")) {
            case LAYER: return layer();
            case CHANNEL: return perChannel();
            default: return groups(groups);
        }
    }

    /** Parses {@code layer}, {@code channel} or {@code groups:G}. */
    public static CoefficientSharing parse(String text) {
        String key = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (key.equals("layer")) {
            return layer();
        }
        if (key.equals("channel")) {
            return perChannel();
        }
        if (key.startsWith("groups:")) {
            try {
                return groups(Integer.parseInt(key.substring("groups:".length()).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("rational.sharing: bad group count in '" + text + "'", e);
            }
        }
        throw new IllegalArgumentException("rational.sharing: unknown sharing '" + text
                + "'; expected layer, channel or groups:G");
    }

    public Mode mode() {
        return mode;
    }

    /** The group count of {@link Mode#GROUPS}; 1 for {@link Mode#LAYER}; 0 (meaning "C") for {@link Mode#CHANNEL}. */
    public int groups() {
        return groups;
    }

    /**
     * The number of coefficient sets for a layer of {@code channels} channels.
     *
     * @throws IllegalArgumentException when the group count does not divide the channel count
     */
    public int sets(long channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("rational layer: channel count must be >= 1, got " + channels);
        }
        switch (mode) {
            case LAYER: return 1;
            case CHANNEL: return Math.toIntExact(channels);
            default:
                if (channels % groups != 0) {
                    throw new IllegalArgumentException("rational.groups = " + groups
                            + " does not divide the channel count " + channels);
                }
                return groups;
        }
    }

    @Override
    public String toString() {
        return mode == Mode.GROUPS ? "groups:" + groups : mode.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CoefficientSharing && ((CoefficientSharing) o).mode == mode
                && ((CoefficientSharing) o).groups == groups;
    }

    @Override
    public int hashCode() {
        return 31 * mode.hashCode() + groups;
    }
}
