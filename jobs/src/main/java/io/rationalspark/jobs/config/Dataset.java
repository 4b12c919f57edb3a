package io.rationalspark.jobs.config;

import java.util.Locale;

/** The data sets the jobs know ({@code data.name}), each with the kind of input it has. */
public enum Dataset {
    FASHION_MNIST(Modality.IMAGES),
    MNIST(Modality.IMAGES),
    IMDB(Modality.TEXT),
    MOBY_DICK(Modality.CHARACTERS);

    /** What a data set's examples are, which decides the architectures that fit it. */
    public enum Modality {
        /** 28×28 grey-scale images, 10 classes. */
        IMAGES,
        /** Token sequences with a binary label. */
        TEXT,
        /** One long character stream for language modelling. */
        CHARACTERS;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Modality modality;

    Dataset(Modality modality) {
        this.modality = modality;
    }

    public Modality modality() {
        return modality;
    }

    /** The name used in configs: {@code fashion-mnist}, {@code moby-dick}. */
    public String configName() {
        return ConfigReader.configName(this);
    }
}
