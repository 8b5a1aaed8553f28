-- Stored credentials are encrypted from V12 on (AES-GCM, base64, with a key id): room for the larger values.
-- SET DATA TYPE reads the same on H2 and PostgreSQL.
ALTER TABLE bucket ALTER COLUMN secret_key SET DATA TYPE VARCHAR(2048);
ALTER TABLE webhook_subscription ALTER COLUMN secret SET DATA TYPE VARCHAR(1000);
ALTER TABLE webhook_subscription ALTER COLUMN previous_secret SET DATA TYPE VARCHAR(1000);
