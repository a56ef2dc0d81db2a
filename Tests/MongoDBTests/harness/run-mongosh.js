// Runs generated plancc scripts under Node with the mongosh subset they use, on the official
// driver (Debian node-mongodb 3.6):  node run-mongosh.js URI DATABASE FILE...
//
// Each file runs as the body of an async function, so its top-level `await`s work as in
// mongosh. Provided: db.getCollection(name) (and db.<name>) with updateMany, countDocuments,
// createIndex, dropIndex and renameCollection; db.runCommand; print; sleep. Anything else a
// script calls is missing here, and the script fails as it would on a shell without it.
// A thrown error ends the run with exit status 1, as mongosh does.
"use strict";
const fs = require("fs");
const { MongoClient } = require("mongodb");

function shellCollection(database, name) {
  const collection = database.collection(name);
  return {
    updateMany: (filter, update) => collection.updateMany(filter, update),
    countDocuments: (filter) => collection.countDocuments(filter),
    createIndex: (keys, options) => collection.createIndex(keys, options),
    dropIndex: (index) => collection.dropIndex(index),
    // mongosh's renameCollection is the driver's rename.
    renameCollection: (to) => collection.rename(to).then(() => ({ ok: 1 })),
  };
}

function shellDb(database) {
  const api = {
    getCollection: (name) => shellCollection(database, name),
    runCommand: (command) => database.command(command),
  };
  // mongosh also reaches a collection as a property: db.orders.
  return new Proxy(api, {
    get: (target, key) => (key in target || typeof key !== "string" ? target[key] : shellCollection(database, key)),
  });
}

const print = (...values) => console.log(values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(" "));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;

async function main() {
  const [uri, name, ...files] = process.argv.slice(2);
  const client = await MongoClient.connect(uri, { useUnifiedTopology: true });
  try {
    const db = shellDb(client.db(name));
    for (const file of files) {
      await new AsyncFunction("db", "print", "sleep", fs.readFileSync(file, "utf8"))(db, print, sleep);
    }
  } finally {
    await client.close();
  }
}

main().catch((error) => {
  console.error(`error: ${error.message}`);
  process.exitCode = 1;
});
