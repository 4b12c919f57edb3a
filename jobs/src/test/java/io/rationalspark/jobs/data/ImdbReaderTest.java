package io.rationalspark.jobs.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.rationalspark.jobs.data.IdxReaderTest.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImdbReaderTest {

    @TempDir
    Path dir;

    /** Four blocks of two reviews in the official order: test-neg, train-neg, test-pos, train-pos. */
    static final String FOUR_BLOCKS = """
            [{"t":"Dull.","s":0},{"t":"Awful <br /><br />film","s":0},
             {"t":"Boring","s":0},{"t":"Not \\"good\\"","s":0},
             {"t":"Great!","s":1},{"t":"Caf\\u00e9 scene: superb","s":1},
             {"t":"Loved it","s":1},{"s":1,"t":"Best film"}]
            """;

    private Path write(String json) throws IOException {
        return Files.writeString(dir.resolve("reviews.json"), json, StandardCharsets.UTF_8);
    }

    @Test
    void splitsTheBlocksIntoTrainAndTestInFileOrder() throws IOException {
        ImdbReviews reviews = ImdbReader.read(write(FOUR_BLOCKS), 2);

        assertEquals(List.of(new Review("Boring", 0), new Review("Not \"good\"", 0),
                new Review("Loved it", 1), new Review("Best film", 1)), reviews.train());
        assertEquals(List.of(new Review("Dull.", 0), new Review("Awful <br /><br />film", 0),
                new Review("Great!", 1), new Review("Café scene: superb", 1)), reviews.test());
        assertEquals(reviews.train(), reviews.get(Split.TRAIN));
    }

    @Test
    void aReviewInTheWrongBlockIsReported() throws IOException {
        // Negative and positive test blocks swapped: review 0 says positive in the test-negative block.
        String swapped = """
                [{"t":"a","s":1},{"t":"b","s":1},{"t":"c","s":0},{"t":"d","s":0},
                 {"t":"e","s":0},{"t":"f","s":0},{"t":"g","s":1},{"t":"h","s":1}]""";
        Path file = write(swapped);

        IOException e = assertThrows(IOException.class, () -> ImdbReader.read(file, 2));

        assertMentions(e, file, "review 0 has s=1", "test-negative", "official order");
    }

    @Test
    void aWrongCountIsReported() throws IOException {
        Path shortFile = write("[{\"t\":\"a\",\"s\":0},{\"t\":\"b\",\"s\":0},{\"t\":\"c\",\"s\":1}]");
        assertMentions(assertThrows(IOException.class, () -> ImdbReader.read(shortFile, 1)), shortFile,
                "3 reviews, expected 4 blocks of 1 = 4");

        Path longFile = write(FOUR_BLOCKS.replace("]", ",{\"t\":\"x\",\"s\":1}]"));
        assertMentions(assertThrows(IOException.class, () -> ImdbReader.read(longFile, 2)), longFile,
                "more than 4 blocks of 2");
    }

    @Test
    void badJsonIsReportedWithItsPosition() throws IOException {
        Path truncated = write(FOUR_BLOCKS.substring(0, 60));
        assertMentions(assertThrows(IOException.class, () -> ImdbReader.read(truncated, 2)), truncated, "bad JSON");

        Path garbled = write("[{\"t\":\"a\",\"s\":0},\n {\"t\" \"b\",\"s\":0}]");
        assertMentions(assertThrows(IOException.class, () -> ImdbReader.read(garbled, 1)), garbled,
                "bad JSON at line 2");
    }

    @Test
    void malformedReviewsAreReported() throws IOException {
        Path notArray = write("{\"t\":\"a\",\"s\":0}");
        assertMentions(assertThrows(IOException.class, () -> ImdbReader.read(notArray, 1)), notArray,
                "expected a JSON array");

        Path badLabel = write("[{\"t\":\"a\",\"s\":2}]");
        assertMentions(assertThrows(IOException.class, () -> ImdbReader.read(badLabel, 1)), badLabel,
                "review 0", "\"s\" is 2, expected 0 or 1");

        Path noText = write("[{\"t\":\"a\",\"s\":0},{\"s\":0}]");
        assertMentions(assertThrows(IOException.class, () -> ImdbReader.read(noText, 1)), noText,
                "review 1 lacks \"t\"");

        Path extra = write("[{\"t\":\"a\",\"s\":0,\"rating\":3}]");
        assertMentions(assertThrows(IOException.class, () -> ImdbReader.read(extra, 1)), extra,
                "unknown field \"rating\"");

        Path number = write("[{\"t\":5,\"s\":0}]");
        assertMentions(assertThrows(IOException.class, () -> ImdbReader.read(number, 1)), number,
                "\"t\" is VALUE_NUMBER_INT, expected a string");
    }
}
