package io.rationalspark.jobs.data;

import java.util.List;

/**
 * The IMDB reviews split as Maas et al. (2011) published them: 25,000 to train on, 25,000 to test on, each half
 * negative then half positive (in file order: shuffle before training).
 */
public record ImdbReviews(List<Review> train, List<Review> test) {

    public ImdbReviews {
        train = List.copyOf(train);
        test = List.copyOf(test);
    }

    public List<Review> get(Split split) {
        return split == Split.TRAIN ? train : test;
    }
}
