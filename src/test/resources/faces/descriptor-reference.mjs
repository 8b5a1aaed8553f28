// Reference face descriptors from @vladmandic/face-api@1.7.15 (tfjs 4.22.0, pure-JS CPU backend) for
// FaceDescriptorGoldenTest.
//
// Run from a directory where @vladmandic/face-api@1.7.15 and pngjs are installed (packages are resolved from the
// working directory, not from this file's), e.g.:
//   cd /tmp/faceapi && node /work/main/src/test/resources/faces/descriptor-reference.mjs
// -> writes descriptor-reference.json next to this script.
//
// Each face is an integer crop of the decoded RGB pixels of a demo picture (src/main/resources/demo-media), given
// to faceapi.nets.faceRecognitionNet.computeFaceDescriptor as an int32 [h, w, 3] tensor; face-api pads it centred
// to a square, resizes it to 150×150 and runs the net.
import { createRequire } from 'module';
import fs from 'fs';
import path from 'path';
import { fileURLToPath } from 'url';

const require = createRequire(path.join(process.cwd(), 'package.json'));
// CJS node build that does NOT need tfjs-node
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
const { PNG } = require('pngjs');
const tf = faceapi.tf;

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MEDIA = path.resolve(HERE, '../../../main/resources/demo-media');
const MODEL_DIR = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
const FACES = [
  { picture: 'astronaut.png', x: 163, y: 75, width: 117, height: 112 },
  { picture: 'camera.png', x: 185, y: 129, width: 69, height: 73 },
];

// The crop's RGB values as an int32 [h, w, 3] tensor (pngjs gives RGBA 8-bit, grey expanded)
function crop(file, { x, y, width: w, height: h }) {
  const png = PNG.sync.read(fs.readFileSync(file));
  const rgb = new Int32Array(w * h * 3);
  let j = 0;
  for (let row = y; row < y + h; row++) {
    for (let col = x; col < x + w; col++) {
      const i = (row * png.width + col) * 4;
      rgb[j++] = png.data[i]; rgb[j++] = png.data[i + 1]; rgb[j++] = png.data[i + 2];
    }
  }
  return tf.tensor3d(rgb, [h, w, 3], 'int32');
}

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  await faceapi.nets.faceRecognitionNet.loadFromDisk(MODEL_DIR);
  const faces = [];
  for (const face of FACES) {
    const tensor = crop(path.join(MEDIA, face.picture), face);
    const descriptor = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(tensor);
    tensor.dispose();
    faces.push({ ...face, descriptor: Array.from(descriptor) });
  }
  const distance = faceapi.euclideanDistance(faces[0].descriptor, faces[1].descriptor);
  const result = {
    meta: {
      faceapi: faceapi.version, tfjs: tf.version_core, backend: tf.getBackend(),
      call: 'faceapi.nets.faceRecognitionNet.computeFaceDescriptor(int32 [h, w, 3] crop tensor)',
    },
    faces,
    distance,
  };
  fs.writeFileSync(path.join(HERE, 'descriptor-reference.json'), JSON.stringify(result, null, 2));
  console.log('distance', distance, faces.map((f) => `${f.picture} ${f.descriptor.slice(0, 3)}`));
}
main().catch((e) => { console.error(e); process.exit(1); });
