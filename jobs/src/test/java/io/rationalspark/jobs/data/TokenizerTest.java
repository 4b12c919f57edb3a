package io.rationalspark.jobs.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenizerTest {

    @Test
    void lowercasesAndSplitsOnWhatIsNotALetterOrDigit() {
        assertEquals(List.of("a", "well", "made", "film", "9", "10", "i", "say"),
                Tokenizer.tokenize("A well-made FILM: 9/10... I (say)"));
    }

    @Test
    void lineBreakTagsSeparateWords() {
        assertEquals(List.of("end", "next", "line", "and", "more", "text"),
                Tokenizer.tokenize("end.<br /><br />Next<BR/>line<br>and<br  />more text"));
    }

    @Test
    void apostrophesStayOnlyInsideWords() {
        assertEquals(List.of("don't", "o'neill's", "twas", "the", "actors", "rock'n'roll"),
                Tokenizer.tokenize("Don't O’Neill's 'twas the actors' rock'n'roll"));
        assertEquals(List.of("o", "neill"), Tokenizer.tokenize("o''neill"));
    }

    @Test
    void keepsAccentedLettersAndOtherScripts() {
        assertEquals(List.of("café", "naïve", "東京"), Tokenizer.tokenize("Café, NAÏVE — 東京!"));
    }

    @Test
    void nothingToTokenize() {
        assertEquals(List.of(), Tokenizer.tokenize(" <br /> --- !!! '"));
    }
}
