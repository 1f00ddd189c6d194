// Vite's client types: lets TypeScript accept `import './styles.css'` and asset imports.
/// <reference types="vite/client" />
