package io.notifications.item;

public class ItemNotFoundException extends RuntimeException {

    public ItemNotFoundException(long id) {
        super("item " + id + " does not exist");
    }
}
