// Reference outputs for @vladmandic/face-api@1.7.15 (tfjs 4.22.0, pure-JS CPU backend).
// Run: node reference.mjs   -> writes reference.json
import { createRequire } from 'module';
import fs from 'fs';
import path from 'path';

const require = createRequire(import.meta.url);
// CJS node build that does NOT need tfjs-node (uses @tensorflow/tfjs + tfjs-backend-wasm packages)
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
const { PNG } = require('pngjs');
const tf = faceapi.tf;

const MODEL_DIR = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
const IMAGES = ['/work/shared/media/astronaut.png', '/work/shared/media/basketball1.png'];

function loadRgb(file) {
  const png = PNG.sync.read(fs.readFileSync(file)); // always RGBA 8-bit (gray expanded)
  const { width, height, data } = png;
  const rgb = new Int32Array(width * height * 3);
  for (let i = 0, j = 0; i < width * height; i++) {
    rgb[j++] = data[i * 4]; rgb[j++] = data[i * 4 + 1]; rgb[j++] = data[i * 4 + 2];
  }
  return { width, height, tensor: tf.tensor3d(rgb, [height, width, 3], 'int32') };
}

const det2json = (d) => ({ x: d.box.x, y: d.box.y, width: d.box.width, height: d.box.height, score: d.score });
const first = (t, n = 20) => Array.from(t.dataSync().slice(0, n));

// ---------- independent re-implementation of the nets (validates NOTES.md, exposes raw tensors) ----------
function leaky(x) { return tf.tidy(() => { const m = tf.mul(x, 0.10000000149011612); return tf.add(tf.relu(tf.sub(x, m)), m); }); }

function tinyRaw(img, p, inputSize = 416) {
  return tf.tidy(() => {
    const [h, w] = img.shape;
    const s = Math.max(h, w);
    // pad bottom/right with zeros to square, then bilinear resize (alignCorners=false, halfPixelCenters=false)
    let x = tf.pad(tf.cast(img, 'float32').expandDims(0), [[0, 0], [0, s - h], [0, s - w], [0, 0]]);
    if (s !== inputSize) x = tf.image.resizeBilinear(x, [inputSize, inputSize], false, false);
    x = tf.div(tf.sub(x, tf.tensor1d([117.001, 114.697, 97.404])), 255);
    let out = leaky(tf.add(tf.conv2d(x, p.conv0.filters, 1, 'valid'), p.conv0.bias));
    out = tf.maxPool(out, 2, 2, 'same');
    for (let i = 1; i <= 5; i++) {
      const c = p[`conv${i}`];
      out = tf.pad(out, [[0, 0], [1, 1], [1, 1], [0, 0]]);
      out = leaky(tf.add(tf.separableConv2d(out, c.depthwise_filter, c.pointwise_filter, 1, 'valid'), c.bias));
      out = tf.maxPool(out, 2, i === 5 ? 1 : 2, 'same');
    }
    return tf.add(tf.conv2d(out, p.conv8.filters, 1, 'valid'), p.conv8.bias);
  });
}

function ssdRaw(img, P) {
  return tf.tidy(() => {
    const [h, w] = img.shape;
    const s = Math.max(h, w);
    let x = tf.pad(tf.cast(img, 'float32').expandDims(0), [[0, 0], [0, s - h], [0, s - w], [0, 0]]);
    if (s !== 512) x = tf.image.resizeBilinear(x, [512, 512], false, false);
    x = tf.sub(tf.div(x, 127.5), 1);
    const pw = (t, c, st) => tf.clipByValue(tf.add(tf.conv2d(t, c.filters, st, 'same'), c.batch_norm_offset), 0, 6);
    const dw = (t, c, st) => tf.clipByValue(tf.batchNorm(tf.depthwiseConv2d(t, c.filters, st, 'same'),
      c.batch_norm_mean, c.batch_norm_variance, c.batch_norm_offset, c.batch_norm_scale, 0.0010000000474974513), 0, 6);
    const m = P.mobilenetv1;
    let out = pw(x, m.conv_0, 2);
    let conv11;
    for (let i = 1; i <= 13; i++) {
      out = dw(out, m[`conv_${i}`].depthwise_conv, [2, 4, 6, 12].includes(i) ? 2 : 1);
      out = pw(out, m[`conv_${i}`].pointwise_conv, 1);
      if (i === 11) conv11 = out;
    }
    const pl = P.prediction_layer;
    const c0 = pw(out, pl.conv_0, 1); const c1 = pw(c0, pl.conv_1, 2);
    const c2 = pw(c1, pl.conv_2, 1); const c3 = pw(c2, pl.conv_3, 2);
    const c4 = pw(c3, pl.conv_4, 1); const c5 = pw(c4, pl.conv_5, 2);
    const c6 = pw(c5, pl.conv_6, 1); const c7 = pw(c6, pl.conv_7, 2);
    const feats = [conv11, out, c1, c3, c5, c7];
    const conv = (t, c) => tf.add(tf.conv2d(t, c.filters, 1, 'same'), c.bias);
    const enc = tf.concat(feats.map((f, i) => tf.reshape(conv(f, pl[`box_predictor_${i}`].box_encoding_predictor), [1, -1, 4])), 1);
    const cls = tf.concat(feats.map((f, i) => tf.reshape(conv(f, pl[`box_predictor_${i}`].class_predictor), [1, -1, 3])), 1);
    // decode (anchors = Output/extra_dim [1,5118,4] as ymin,xmin,ymax,xmax normalized)
    const a = P.output_layer.extra_dim.reshape([-1, 4]);
    const e = enc.reshape([-1, 4]);
    const [ay0, ax0, ay1, ax1] = tf.unstack(a, 1);
    const [ty, tx, th, tw] = tf.unstack(e, 1);
    const ah = tf.sub(ay1, ay0); const aw = tf.sub(ax1, ax0);
    const acy = tf.add(ay0, tf.div(ah, 2)); const acx = tf.add(ax0, tf.div(aw, 2));
    const cy = tf.add(tf.mul(tf.div(ty, 10), ah), acy); const cx = tf.add(tf.mul(tf.div(tx, 10), aw), acx);
    const hh = tf.div(tf.mul(tf.exp(tf.div(th, 5)), ah), 2); const hw = tf.div(tf.mul(tf.exp(tf.div(tw, 5)), aw), 2);
    const boxes = tf.stack([tf.sub(cy, hh), tf.sub(cx, hw), tf.add(cy, hh), tf.add(cx, hw)], 1);
    const scores = tf.sigmoid(tf.slice(cls, [0, 0, 1], [1, -1, 1])).reshape([-1]);
    return { enc, cls, boxes, scores, featShapes: feats.map((f) => f.shape) };
  });
}

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  await faceapi.nets.tinyFaceDetector.loadFromDisk(MODEL_DIR);
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(MODEL_DIR);

  const result = {
    meta: {
      faceapi: faceapi.version, tfjs: tf.version_core, backend: tf.getBackend(),
      tiny: { inputSize: 416, scoreThreshold: 0.5 }, ssd: { minConfidence: 0.5, maxResults: 100 },
      boxFormat: 'x,y,width,height in pixels of original image (face-api FaceDetection.box)',
    },
    images: {},
  };

  for (const file of IMAGES) {
    const name = path.basename(file);
    const { width, height, tensor } = loadRgb(file);
    const tiny = await faceapi.detectAllFaces(tensor, new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.5 }));
    const ssd = await faceapi.detectAllFaces(tensor, new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 }));
    const entry = { width, height, tinyFaceDetector: tiny.map(det2json), ssdMobilenetv1: ssd.map(det2json) };

    // raw tensors via face-api itself
    const tinyOut = await faceapi.nets.tinyFaceDetector.forward(tensor, 416);
    const ssdOut = await faceapi.nets.ssdMobilenetv1.forward(tensor);
    // raw tensors via independent re-implementation (checks NOTES.md)
    const tinyMine = tinyRaw(tensor, faceapi.nets.tinyFaceDetector.params);
    const ssdMine = ssdRaw(tensor, faceapi.nets.ssdMobilenetv1.params);
    const maxAbs = (a, b) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
    entry.raw = {
      tiny_conv8: { shape: tinyOut.shape, layout: 'NHWC [1,13,13,25]; channel = anchor*5 + [tx,ty,tw,th,tobj]', first20: first(tinyOut) },
      ssd_boxes_decoded: { shape: ssdOut.boxes[0].shape, layout: '[5118,4] ymin,xmin,ymax,xmax normalized to padded 512 square', first20: first(ssdOut.boxes[0]) },
      ssd_scores: { shape: ssdOut.scores[0].shape, layout: 'sigmoid(class logit index 1)', first20: first(ssdOut.scores[0]) },
      ssd_box_encodings: { shape: ssdMine.enc.shape, layout: '[1,5118,4] ty,tx,th,tw (raw conv outputs, concatenated)', first20: first(ssdMine.enc) },
      ssd_class_logits: { shape: ssdMine.cls.shape, layout: '[1,5118,3] raw logits (bg, face, unused)', first20: first(ssdMine.cls) },
      ssd_feature_map_shapes: ssdMine.featShapes,
      ssd_top5_scores: (() => { const s = Array.from(ssdOut.scores[0].dataSync()); return s.map((v, i) => [i, v]).sort((p, q) => q[1] - p[1]).slice(0, 5); })(),
      selfcheck_maxabs: {
        tiny_conv8: maxAbs(tinyOut, tinyMine),
        ssd_boxes: maxAbs(ssdOut.boxes[0], ssdMine.boxes),
        ssd_scores: maxAbs(ssdOut.scores[0], ssdMine.scores),
      },
    };
    entry.raw.tiny_top5_candidates = (() => {
      const d = tinyOut.dataSync(); const c = [];
      for (let r = 0; r < 13; r++) for (let q = 0; q < 13; q++) for (let a = 0; a < 5; a++) {
        const o = ((r * 13 + q) * 5 + a) * 5; c.push({ row: r, col: q, anchor: a, score: 1 / (1 + Math.exp(-d[o + 4])), raw: Array.from(d.slice(o, o + 5)) });
      }
      return c.sort((p, q) => q.score - p.score).slice(0, 5);
    })();
    entry.raw.ssd_anchors_extra_dim_first20 = first(faceapi.nets.ssdMobilenetv1.params.output_layer.extra_dim);
    if (name !== 'astronaut.png') { // keep only the check for other images
      entry.raw = { selfcheck_maxabs: entry.raw.selfcheck_maxabs, tiny_top5_candidates: entry.raw.tiny_top5_candidates, ssd_top5_scores: entry.raw.ssd_top5_scores };
    }
    result.images[name] = entry;
    tf.dispose([tinyOut, ...ssdOut.boxes, ...ssdOut.scores, tinyMine, ssdMine.enc, ssdMine.cls, ssdMine.boxes, ssdMine.scores, tensor]);
  }
  fs.writeFileSync(new URL('./reference.json', import.meta.url), JSON.stringify(result, null, 2));
  for (const [k, v] of Object.entries(result.images)) {
    console.log(k, 'tiny:', v.tinyFaceDetector.length, 'ssd:', v.ssdMobilenetv1.length, JSON.stringify(v.raw.selfcheck_maxabs));
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
