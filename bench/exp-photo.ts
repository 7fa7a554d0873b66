import { launchChromium } from '../sandbox/preview/chromium';
import http from 'node:http';
const html = `<!doctype html><input type=file id=f><script>
async function variant(name, file) {
  const t0 = performance.now();
  let bmp, w, h, marks = {};
  const target = (W,H)=>{const s=Math.min(1,1600/Math.max(W,H));return [Math.round(W*s),Math.round(H*s)];};
  if (name === 'A') {
    bmp = await createImageBitmap(file, {imageOrientation:'from-image'}); marks.decode = performance.now()-t0;
    let src = bmp, W = bmp.width, H = bmp.height; const [tw,th] = target(W,H);
    while (Math.floor(W/2)>=tw && Math.floor(H/2)>=th) { const c=document.createElement('canvas'); c.width=Math.floor(W/2); c.height=Math.floor(H/2); c.getContext('2d').drawImage(src,0,0,c.width,c.height); src=c; W=c.width; H=c.height; }
    const out=document.createElement('canvas'); out.width=tw; out.height=th; const x=out.getContext('2d'); x.fillStyle='#fff'; x.fillRect(0,0,tw,th); x.drawImage(src,0,0,tw,th);
    marks.draw = performance.now()-t0;
    const b = await new Promise(r=>out.toBlob(r,'image/jpeg',0.7)); marks.enc = performance.now()-t0; marks.bytes=b.size;
  } else if (name === 'G') {
    const url = URL.createObjectURL(file); const img = new Image(); img.src = url; await img.decode(); marks.decode = performance.now()-t0;
    let src = img, W = img.naturalWidth, H = img.naturalHeight; const [tw,th] = target(W,H);
    while (Math.floor(W/2)>=tw && Math.floor(H/2)>=th) { const c=document.createElement('canvas'); c.width=Math.floor(W/2); c.height=Math.floor(H/2); c.getContext('2d').drawImage(src,0,0,c.width,c.height); src=c; W=c.width; H=c.height; }
    const out=document.createElement('canvas'); out.width=tw; out.height=th; const x=out.getContext('2d'); x.fillStyle='#fff'; x.fillRect(0,0,tw,th); x.drawImage(src,0,0,tw,th);
    marks.draw = performance.now()-t0;
    const b = await new Promise(r=>out.toBlob(r,'image/jpeg',0.7)); marks.enc = performance.now()-t0; marks.bytes=b.size;
  } else if (name.startsWith('F')) {
    const q = {F1:'low',F2:'medium',F3:'pixelated',F4:'high'}[name];
    bmp = await createImageBitmap(file, {imageOrientation:'from-image', resizeWidth: 2000, resizeHeight: 1500, resizeQuality: q}); marks.decode = performance.now()-t0;
    const [tw,th] = target(bmp.width,bmp.height);
    const out=document.createElement('canvas'); out.width=tw; out.height=th; const x=out.getContext('2d'); x.fillStyle='#fff'; x.fillRect(0,0,tw,th);
    x.drawImage(bmp,0,0,tw,th);
    marks.draw = performance.now()-t0;
    const b = await new Promise(r=>out.toBlob(r,'image/jpeg',0.7)); marks.enc = performance.now()-t0; marks.bytes=b.size;
  } else if (name === 'D' || name === 'E') {
    bmp = await createImageBitmap(file, {imageOrientation:'from-image'}); marks.decode = performance.now()-t0;
    const [tw,th] = target(bmp.width,bmp.height);
    const out=document.createElement('canvas'); out.width=tw; out.height=th; const x=out.getContext('2d'); x.fillStyle='#fff'; x.fillRect(0,0,tw,th);
    x.imageSmoothingEnabled = true; x.imageSmoothingQuality = name === 'D' ? 'high' : 'medium'; x.drawImage(bmp,0,0,tw,th);
    marks.draw = performance.now()-t0;
    const b = await new Promise(r=>out.toBlob(r,'image/jpeg',0.7)); marks.enc = performance.now()-t0; marks.bytes=b.size;
  } else if (name === 'B') {
    const probe = await createImageBitmap(file, {imageOrientation:'from-image'}); const [tw,th]=target(probe.width, probe.height); probe.close(); marks.probe = performance.now()-t0;
    bmp = await createImageBitmap(file, {imageOrientation:'from-image', resizeWidth: tw, resizeHeight: th, resizeQuality:'high'}); marks.decode = performance.now()-t0;
    const out=document.createElement('canvas'); out.width=tw; out.height=th; const x=out.getContext('2d'); x.fillStyle='#fff'; x.fillRect(0,0,tw,th); x.drawImage(bmp,0,0,tw,th);
    marks.draw = performance.now()-t0;
    const b = await new Promise(r=>out.toBlob(r,'image/jpeg',0.7)); marks.enc = performance.now()-t0; marks.bytes=b.size;
  } else if (name === 'C') {
    const full = await createImageBitmap(file, {imageOrientation:'from-image'}); const [tw,th]=target(full.width, full.height); marks.decode0 = performance.now()-t0;
    bmp = await createImageBitmap(full, {resizeWidth: tw, resizeHeight: th, resizeQuality:'high'}); full.close(); marks.decode = performance.now()-t0;
    const out=document.createElement('canvas'); out.width=tw; out.height=th; const x=out.getContext('2d'); x.fillStyle='#fff'; x.fillRect(0,0,tw,th); x.drawImage(bmp,0,0,tw,th);
    marks.draw = performance.now()-t0;
    const b = await new Promise(r=>out.toBlob(r,'image/jpeg',0.7)); marks.enc = performance.now()-t0; marks.bytes=b.size;
  }
  return marks;
}
window.run = (name) => variant(name, document.getElementById('f').files[0]);
</script>`;
(async () => {
  const srv = http.createServer((_q, r) => { r.setHeader('content-type','text/html'); r.end(html); }).listen(0);
  const port = (srv.address() as any).port;
  const browser = await launchChromium();
  for (const file of ['bench/tmp/camera-4000x3000-gps.jpg']) for (const v of ['A','G','A','G','A0']) {
    const ctx = await browser.newContext(); const page = await ctx.newPage(); await page.goto(`http://127.0.0.1:${port}/`);
    const cdp = await ctx.newCDPSession(page); await cdp.send('Emulation.setCPUThrottlingRate', { rate: v === 'A0' ? 1 : 4 });
    await page.setInputFiles('#f', file);
    const m = await page.evaluate(`run('${v.slice(0,1)}')`);
    console.log(file.slice(10,20), v, JSON.stringify(m, (k,x)=>typeof x==='number'?Math.round(x):x));
    await ctx.close();
  }
  await browser.close(); srv.close();
})();
