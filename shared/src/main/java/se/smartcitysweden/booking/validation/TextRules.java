package se.smartcitysweden.booking.validation;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** How free text, e-mail addresses, phone numbers and country codes are checked and normalised. */
public final class TextRules {
    private TextRules() { }

    public static final int MAX_EMAIL_LENGTH = 254;
    // Package-private: FormRules hands these to the browser form, so both check alike.
    static final int MAX_EMAIL_LOCAL_PART = 64;
    static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
            + "@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");
    static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()./-]{4,40}");
    static final int PHONE_MIN_DIGITS = 4;
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    /** Trims and NFC-normalises; multi-line text keeps its line breaks as \n. */
    public static String normalise(String raw, boolean multiLine) {
        String text = Normalizer.normalize(raw, Normalizer.Form.NFC).strip();
        return multiLine ? text.replace("\r\n", "\n").replace('\r', '\n') : text;
    }

    /**
     * True when the text holds a character that must not reach storage or an e-mail:
     * C0/C1 controls (line breaks and tabs only in multi-line fields), line/paragraph
     * separators, and bidirectional overrides that could disguise a name or subject.
     */
    public static boolean hasForbiddenCharacters(String text, boolean multiLine) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (multiLine && (c == '\n' || c == '\t')) continue;
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                return true;
            }
        }
        return false;
    }

    /** True when the text holds half of a surrogate pair (a JSON "\ud800"): not text, and not encodable as UTF-8. */
    public static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** The text with every lone surrogate replaced by U+FFFD, to echo a name the client sent. */
    public static String withoutLoneSurrogates(String text) {
        if (!hasLoneSurrogate(text)) return text;
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** A strict, ASCII-only addr-spec: no display names, comments, quoted parts or line breaks. */
    public static boolean isEmail(String text) {
        if (text.length() > MAX_EMAIL_LENGTH) return false;
        int at = text.lastIndexOf('@');
        return at > 0 && at <= MAX_EMAIL_LOCAL_PART && EMAIL.matcher(text).matches();
    }

    /** The domain part is case-insensitive, so it is stored in lower case; the local part as given. */
    public static String normaliseEmail(String email) {
        int at = email.lastIndexOf('@');
        return email.substring(0, at + 1) + email.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    public static boolean isPhone(String text) {
        return PHONE.matcher(text).matches() && text.chars().filter(Character::isDigit).count() >= PHONE_MIN_DIGITS;
    }

    public static boolean isCountry(String code) {
        return code.length() == 2 && COUNTRIES.contains(code.toUpperCase(Locale.ROOT));
    }
}
