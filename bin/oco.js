#!/usr/bin/env node
// The `oco` command. Runs the compiled CLI (built by `npm ci`/`npm install` through the prepare script).
require('../dist/cli/main.js');
