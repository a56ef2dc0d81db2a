// Test snapshots: prints, as JSON, every collection of a database with its validation options
// (defaults filled in), its indexes, and a checksum of its documents, so that two states can
// be compared.   node snapshot.js URI DATABASE
//
// Key order is not compared where MongoDB gives it no meaning: inside a $jsonSchema, in
// documents (a $rename moves a field to the end), and the `required` list is compared as a set.
"use strict";
const crypto = require("crypto");
const { MongoClient } = require("mongodb");

function sortedKeys(value, sortRequired) {
  if (Array.isArray(value)) return value.map((v) => sortedKeys(v, sortRequired));
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return { $date: value.toISOString() };
  if (value._bsontype) return { [`$${value._bsontype}`]: value.toJSON ? value.toJSON() : String(value) };
  const out = {};
  for (const key of Object.keys(value).sort()) {
    out[key] = key === "required" && sortRequired ? [...value[key]].sort() : sortedKeys(value[key], sortRequired);
  }
  return out;
}

async function main() {
  const [uri, name] = process.argv.slice(2);
  const client = await MongoClient.connect(uri, { useUnifiedTopology: true });
  try {
    const database = client.db(name);
    // plancc_ledger is the scripts' own record of author code that ran: rollback takes its
    // documents out, the collection stays.
    const infos = (await database.listCollections().toArray())
      .filter((info) => info.name !== "plancc_ledger")
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const state = [];
    for (const info of infos) {
      const options = info.options || {};
      const entry = {
        name: info.name,
        type: info.type,
        validator: sortedKeys(options.validator || {}, true),
        validationLevel: options.validationLevel || "strict",
        validationAction: options.validationAction || "error",
      };
      if (info.type === "collection") {
        const collection = database.collection(info.name);
        entry.indexes = (await collection.indexes()).map((i) => ({ name: i.name, key: i.key, unique: Boolean(i.unique), partial: i.partialFilterExpression || null }))
          .sort((a, b) => (a.name < b.name ? -1 : 1));
        const documents = await collection.find({}, { promoteValues: false }).sort({ _id: 1 }).toArray();
        const hash = crypto.createHash("sha256");
        for (const document of documents) hash.update(JSON.stringify(sortedKeys(document, false)) + "\n");
        entry.documents = documents.length;
        entry.checksum = hash.digest("hex");
      }
      state.push(entry);
    }
    console.log(JSON.stringify(state, null, 1));
  } finally {
    await client.close();
  }
}

main().catch((error) => {
  console.error(`error: ${error.message}`);
  process.exitCode = 1;
});
