import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
async function main() {
  await tf.setBackend('cpu');
  const a = tf.randomNormal([3, 4, 5], 0, 1, 'float32', 1), b = tf.randomNormal([1, 5, 6], 0, 1, 'float32', 2);
  const ref = await tf.matMul(a, b).data();
  const a2 = tf.randomNormal([1,4,5],0,1,'float32',3), b2 = tf.randomNormal([3,5,6],0,1,'float32',4);
  const ref2 = await tf.matMul(a2,b2).data();
  const av = await a.data(), bv = await b.data(), a2v = await a2.data(), b2v = await b2.data();
  await tf.setBackend('wasm'); await tf.ready();
  const w = await tf.matMul(tf.tensor(av,[3,4,5]), tf.tensor(bv,[1,5,6])).data();
  const w2 = await tf.matMul(tf.tensor(a2v,[1,4,5]), tf.tensor(b2v,[3,5,6])).data();
  let d=0, d2=0; for (let i=0;i<ref.length;i++) d=Math.max(d,Math.abs(ref[i]-w[i])); for (let i=0;i<ref2.length;i++) d2=Math.max(d2,Math.abs(ref2[i]-w2[i]));
  console.log('bcast b maxdiff', d, 'bcast a maxdiff', d2);
  const be: any = tf.backend(); console.log(Object.keys(be), typeof be.makeOutput, typeof be.typedArrayFromHeap, be.wasm.HEAPU8.length);
  const time = (f: () => tf.Tensor, n = 5) => { f().dispose(); const ts: number[] = []; for (let i=0;i<n;i++){ const t0=performance.now(); const y=f(); y.dataSync(); ts.push(performance.now()-t0); y.dispose(); } ts.sort((x,y)=>x-y); return ts[n>>1]; };
  for (const [m,k,n] of [[512,512,512],[768,128,384],[64,32,64],[8,8,8],[1,7,1],[33,65,17]]) {
    const x = tf.randomNormal([m,k]), y = tf.randomNormal([k,n]), xt = tf.randomNormal([k,m]), yt = tf.randomNormal([n,k]);
    const fl = 2*m*k*n/1e9;
    const r = [time(()=>tf.matMul(x,y)), time(()=>tf.matMul(x,yt,false,true)), time(()=>tf.matMul(xt,y,true,false)), time(()=>tf.transpose(yt)), time(()=>tf.transpose(xt))];
    console.log(m,k,n, 'ms', r.map(v=>v.toFixed(3)).join(' '), 'GF nn', (fl/r[0]*1e3).toFixed(2), 'nt', (fl/r[1]*1e3).toFixed(2), 'tn', (fl/r[2]*1e3).toFixed(2));
  }
}
main();
