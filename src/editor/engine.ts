// What the extension host uses of the engine, as one module: the build bundles it as its own file,
// dist/engine.js (esbuild.js), which IndexHost loads with a runtime require on first need. So
// activation loads only the editor layer (dist/extension.js), not the engine's ~3 MB (OpenCC's
// dictionaries, pinyin-pro), whose compilation alone blocked the extension host for 40–90 ms.
// Editor modules import engine TYPES from ../engine/...; runtime engine code comes from here.

export { createLanguageService } from '../engine/service';
export { loadIndexAsync } from '../engine/persist';
export { boundedScript } from '../engine/normalize';
