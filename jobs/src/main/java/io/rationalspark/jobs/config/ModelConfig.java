package io.rationalspark.jobs.config;

import io.rationalspark.layers.activations.ActivationRegistry;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Section {@code model}: the architecture, the activation of its hidden layers, and the rational activation's
 * settings. Each architecture has its own subsection; all are validated, the one named by {@code kind} is used.
 *
 * @param kind       {@code model.kind}
 * @param activation {@code model.activation}: a canonical {@link ActivationRegistry} name
 * @param mlp        {@code model.mlp}
 * @param lenet      {@code model.lenet}
 * @param textConv   {@code model.textConv}
 * @param textLstm   {@code model.textLstm}
 * @param textAttention {@code model.textAttention}
 * @param charLstm   {@code model.charLstm}
 * @param rational   {@code model.rational}
 */
public record ModelConfig(Kind kind, String activation, Mlp mlp, LeNet lenet, TextConv textConv, TextLstm textLstm,
                          TextAttention textAttention, CharLstm charLstm, RationalConfig rational) {

    /** The architectures, each for one kind of data. */
    public enum Kind {
        MLP(Dataset.Modality.IMAGES),
        LENET(Dataset.Modality.IMAGES),
        TEXT_CONV(Dataset.Modality.TEXT),
        TEXT_LSTM(Dataset.Modality.TEXT),
        TEXT_ATTENTION(Dataset.Modality.TEXT),
        CHAR_LSTM(Dataset.Modality.CHARACTERS);

        private final Dataset.Modality modality;

        Kind(Dataset.Modality modality) {
            this.modality = modality;
        }

        /** The kind of data this architecture reads. */
        public Dataset.Modality modality() {
            return modality;
        }

        /** The name used in configs: {@code text-conv}. */
        public String configName() {
            return ConfigReader.configName(this);
        }

        /** The architectures for {@code modality}, as config names. */
        static String namesFor(Dataset.Modality modality) {
            return Arrays.stream(values()).filter(k -> k.modality == modality).map(Kind::configName)
                    .collect(Collectors.joining(" or "));
        }
    }

    /** {@code model.mlp}: hidden dense layer sizes. */
    public record Mlp(List<Integer> hidden) {
        public Mlp {
            hidden = Checks.sizes("model.mlp.hidden", hidden);
        }
    }

    /** {@code model.lenet}: convolution channels (5×5, then 2×2 max pooling) and hidden dense sizes. */
    public record LeNet(List<Integer> channels, List<Integer> dense) {
        public LeNet {
            channels = Checks.sizes("model.lenet.channels", channels);
            dense = Checks.sizes("model.lenet.dense", dense);
        }
    }

    /** {@code model.textConv}: embedding size, convolution filters and kernel size, hidden dense size. */
    public record TextConv(int embedding, int filters, int kernelSize, int hidden) {
        public TextConv {
            Checks.atLeast("model.textConv.embedding", embedding, 1);
            Checks.atLeast("model.textConv.filters", filters, 1);
            Checks.atLeast("model.textConv.kernelSize", kernelSize, 1);
            Checks.atLeast("model.textConv.hidden", hidden, 1);
        }
    }

    /** {@code model.textLstm}: embedding size and LSTM layer units. */
    public record TextLstm(int embedding, List<Integer> units) {
        public TextLstm {
            Checks.atLeast("model.textLstm.embedding", embedding, 1);
            units = Checks.sizes("model.textLstm.units", units);
        }
    }

    /**
     * {@code model.textAttention}: embedding size (the attention's size), attention heads (must divide the
     * embedding size), the feed-forward part's inner size, and the hidden dense size after the pooling.
     */
    public record TextAttention(int embedding, int heads, int ffSize, int hidden) {
        public TextAttention {
            Checks.atLeast("model.textAttention.embedding", embedding, 1);
            Checks.atLeast("model.textAttention.heads", heads, 1);
            Checks.atLeast("model.textAttention.ffSize", ffSize, 1);
            Checks.atLeast("model.textAttention.hidden", hidden, 1);
            if (embedding % heads != 0) {
                throw new IllegalArgumentException("model.textAttention.embedding must be divisible by"
                        + " model.textAttention.heads = " + heads + ", got " + embedding
                        + " (each head attends over embedding / heads dimensions)");
            }
        }
    }

    /** {@code model.charLstm}: LSTM layer units (the input is one-hot characters). */
    public record CharLstm(List<Integer> units) {
        public CharLstm {
            units = Checks.sizes("model.charLstm.units", units);
        }
    }

    public ModelConfig {
        Objects.requireNonNull(kind, "model.kind");
        activation = Activations.canonical("model.activation", activation);
        Objects.requireNonNull(mlp, "model.mlp");
        Objects.requireNonNull(lenet, "model.lenet");
        Objects.requireNonNull(textConv, "model.textConv");
        Objects.requireNonNull(textLstm, "model.textLstm");
        Objects.requireNonNull(textAttention, "model.textAttention");
        Objects.requireNonNull(charLstm, "model.charLstm");
        Objects.requireNonNull(rational, "model.rational");
    }

    /** Whether the hidden layers use the trainable rational activation. */
    public boolean isRational() {
        return ActivationRegistry.isRational(activation);
    }

    static ModelConfig read(ConfigReader r) {
        return new ModelConfig(r.choice("model.kind", Kind.class), r.string("model.activation"),
                new Mlp(r.integerList("model.mlp.hidden")),
                new LeNet(r.integerList("model.lenet.channels"), r.integerList("model.lenet.dense")),
                new TextConv(r.integer("model.textConv.embedding"), r.integer("model.textConv.filters"),
                        r.integer("model.textConv.kernelSize"), r.integer("model.textConv.hidden")),
                new TextLstm(r.integer("model.textLstm.embedding"), r.integerList("model.textLstm.units")),
                new TextAttention(r.integer("model.textAttention.embedding"), r.integer("model.textAttention.heads"),
                        r.integer("model.textAttention.ffSize"), r.integer("model.textAttention.hidden")),
                new CharLstm(r.integerList("model.charLstm.units")),
                RationalConfig.read(r));
    }
}
