/** `import text from './maps/x.cjm?raw'`: Vite (and vitest) inline the file as a string. */
declare module '*.cjm?raw' {
  const text: string;
  export default text;
}
