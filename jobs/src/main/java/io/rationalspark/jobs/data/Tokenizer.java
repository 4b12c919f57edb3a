package io.rationalspark.jobs.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits review text into word tokens. The rule, in order:
 * <ol>
 *   <li>every line-break tag ({@code <br />}, {@code <br/>}, {@code <br>}, any case) becomes a space;</li>
 *   <li>the text is lower-cased ({@link Locale#ROOT});</li>
 *   <li>a token is a maximal run of letters and digits ({@link Character#isLetterOrDigit(int)}, so accented
 *       letters and numbers count), where an apostrophe ({@code '} or {@code ’}, written {@code '}) between two
 *       letters or digits stays inside the token; every other character separates tokens.</li>
 * </ol>
 * Examples: "Don't" → {@code don't}; "O’Neill's" → {@code o'neill's}; "'twas" → {@code twas}; "actors'" →
 * {@code actors}; "well-made" → {@code well}, {@code made}; "9/10" → {@code 9}, {@code 10}.
 * A token therefore never contains whitespace or {@code <}, which {@link Vocabulary} relies on.
 */
public final class Tokenizer {

    private static final Pattern LINE_BREAK = Pattern.compile("<br\\s*/?>", Pattern.CASE_INSENSITIVE);

    private Tokenizer() {
    }

    /** The tokens of {@code text}, in order. */
    public static List<String> tokenize(String text) {
        String s = LINE_BREAK.matcher(text).replaceAll(" ").toLowerCase(Locale.ROOT);
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int c = s.codePointAt(i);
            int next = i + Character.charCount(c);
            if (Character.isLetterOrDigit(c)) {
                token.appendCodePoint(c);
            } else if (isApostrophe(c) && token.length() > 0 && next < s.length()
                    && Character.isLetterOrDigit(s.codePointAt(next))) {
                token.append('\'');
            } else if (token.length() > 0) {
                tokens.add(token.toString());
                token.setLength(0);
            }
            i = next;
        }
        if (token.length() > 0) {
            tokens.add(token.toString());
        }
        return tokens;
    }

    private static boolean isApostrophe(int c) {
        return c == '\'' || c == '\u2019';
    }
}
