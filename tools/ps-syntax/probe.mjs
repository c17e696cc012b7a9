import { Parser, Language } from 'web-tree-sitter';
const t0=Date.now();
await Parser.init(); console.log('init', Date.now()-t0);
const lang = await Language.load('node_modules/tree-sitter-powershell/tree-sitter-powershell.wasm');
console.log('load', Date.now()-t0);
process.on('exit',()=>console.log('exit', Date.now()-t0));
