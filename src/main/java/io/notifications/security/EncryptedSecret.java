package io.notifications.security;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.springframework.stereotype.Component;

/**
 * For entity fields that hold a credential ({@code @Convert(converter = EncryptedSecret.class)}): the field holds
 * the secret, the column only its encryption (see {@link StoredSecrets}). Spring creates it, so Hibernate gets the
 * configured keys.
 */
@Component
@Converter
public class EncryptedSecret implements AttributeConverter<String, String> {

    private final StoredSecrets secrets;

    public EncryptedSecret(StoredSecrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public String convertToDatabaseColumn(String secret) {
        return secrets.encrypt(secret);
    }

    @Override
    public String convertToEntityAttribute(String stored) {
        return secrets.decrypt(stored);
    }
}
