-- Each reference keeps its face with some surroundings too (a JPEG in the crop directory), from which a face
-- service such as Amazon Rekognition can index it again at any time. Older references have none; their crop is used.
ALTER TABLE face_reference ADD COLUMN picture VARCHAR(80);
