package io.notifications.bucket;

import java.util.List;
import org.springframework.util.AntPathMatcher;

/**
 * Which keys of a bucket are wanted. Patterns are globs: {@code *}, {@code ?} and {@code **} across folders.
 * A pattern without a slash matches the key's last segment, so {@code *.mp4} finds MP4s at any depth;
 * a pattern with a slash matches the whole key, e.g. {@code proxies/**}.
 */
public final class KeySelection {

    private static final AntPathMatcher MATCHER = new AntPathMatcher("/");

    private final List<String> include;
    private final List<String> exclude;

    public KeySelection(List<String> include, List<String> exclude) {
        this.include = List.copyOf(include);
        this.exclude = List.copyOf(exclude);
    }

    public boolean selects(String key) {
        boolean included = include.isEmpty() || include.stream().anyMatch(p -> matches(p, key));
        return included && exclude.stream().noneMatch(p -> matches(p, key));
    }

    static boolean matches(String pattern, String key) {
        if (pattern.indexOf('/') < 0) {
            return MATCHER.match(pattern, key.substring(key.lastIndexOf('/') + 1));
        }
        return MATCHER.match(pattern, key);
    }
}
