package io.notifications.security;

/** Who is calling: the name of the key presented, and its role. The authenticated principal of every API call. */
public record ApiCaller(String name, Role role) {

    @Override
    public String toString() {
        return name;
    }
}
