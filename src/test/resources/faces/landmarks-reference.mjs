// Reference 68-point landmarks from @vladmandic/face-api@1.7.15 (FaceLandmark68Net, the full model; tfjs 4.22.0,
// pure-JS CPU backend) for FaceLandmarksGoldenTest.
//
// Run from a directory whose node_modules has @vladmandic/face-api 1.7.15, @tensorflow/tfjs and pngjs, e.g.
//   cd /tmp/faceapi && node /work/main/src/test/resources/faces/landmarks-reference.mjs
// -> writes landmarks-reference.json next to this script.
//
// Input: astronaut.png (src/main/resources/demo-media), decoded to RGB, cropped to the integer rectangle
// x=163, y=75, w=117, h=112 and given to faceLandmark68Net.detectLandmarks as an int32 [112,117,3] tensor.
// face-api centres the crop in a black square (117×117), resizes it to 112 with TF's legacy bilinear resize,
// subtracts the mean RGB (122.782, 117.001, 104.298), divides by 255, runs the dense-block feature extractor and
// the fully connected layer, and maps the 136 outputs back to crop pixels.
import { createRequire } from 'module';
import fs from 'fs';
import path from 'path';
import { fileURLToPath } from 'url';

// Resolve packages from the working directory (the script itself lives in the project, without node_modules)
const require = createRequire(path.join(process.cwd(), 'package.json'));
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
const { PNG } = require('pngjs');
const tf = faceapi.tf;

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MODEL_DIR = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
const IMAGE = path.resolve(HERE, '../../../main/resources/demo-media/astronaut.png');
const CROP = { x: 163, y: 75, width: 117, height: 112 };

function cropRgb(file, { x, y, width, height }) {
  const png = PNG.sync.read(fs.readFileSync(file)); // always RGBA 8-bit (grey expanded)
  const rgb = new Int32Array(width * height * 3);
  let j = 0;
  for (let row = y; row < y + height; row++) {
    for (let col = x; col < x + width; col++) {
      const i = (row * png.width + col) * 4;
      rgb[j++] = png.data[i]; rgb[j++] = png.data[i + 1]; rgb[j++] = png.data[i + 2];
    }
  }
  return tf.tensor3d(rgb, [height, width, 3], 'int32');
}

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  await faceapi.nets.faceLandmark68Net.loadFromDisk(MODEL_DIR);

  const crop = cropRgb(IMAGE, CROP);
  const landmarks = await faceapi.nets.faceLandmark68Net.detectLandmarks(crop);
  // The raw fully connected output (x0, y0, x1, y1, ... relative to the padded 112 square), for debugging ports
  const netInput = await faceapi.toNetInput(crop);
  const raw = tf.tidy(() => faceapi.nets.faceLandmark68Net.runNet(netInput));

  const result = {
    meta: {
      faceapi: faceapi.version,
      tfjs: tf.version_core,
      backend: tf.getBackend(),
      model: 'face_landmark_68_model (FaceLandmark68Net)',
      image: 'astronaut.png',
      positions: '68 [x, y] in pixels of the crop (FaceLandmarks68.positions)',
    },
    crop: CROP,
    imageWidth: landmarks.imageWidth,
    imageHeight: landmarks.imageHeight,
    positions: landmarks.positions.map((p) => [p.x, p.y]),
    raw: Array.from(raw.dataSync()),
  };
  fs.writeFileSync(path.join(HERE, 'landmarks-reference.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log('wrote', path.join(HERE, 'landmarks-reference.json'), 'first point', result.positions[0]);
  tf.dispose([crop, raw]);
}

main().catch((e) => { console.error(e); process.exit(1); });
