// Test fixtures: fills every empty collection with COUNT documents that pass its $jsonSchema
// validator, deterministically (_id 1..COUNT; optional fields are null in a quarter of the
// documents and missing in another quarter).   node seed.js URI DATABASE COUNT
"use strict";
const { MongoClient, Long, Decimal128, Binary, ObjectID } = require("mongodb");

function value(property, field, i) {
  const type = [].concat(property.bsonType || "string").find((t) => t !== "null");
  switch (type) {
    case "string": return `${field}-${i}`.slice(0, property.maxLength || Infinity);
    case "int": return property.maximum ? i % property.maximum : i;
    case "long": return Long.fromNumber(i);
    case "double": return i + 0.5;
    case "decimal": return Decimal128.fromString(`${i}.25`);
    case "bool": return i % 2 === 0;
    case "date": return new Date(Date.UTC(2026, 0, 1) + i * 60000);
    case "object": return { n: i };
    case "binData": return new Binary(Buffer.from(`${field}-${i}`));
    case "objectId": return ObjectID.createFromHexString(i.toString(16).padStart(24, "0"));
    default: throw new Error(`seed.js cannot make a ${type} for ${field}`);
  }
}

function documents(schema, count) {
  const required = schema.required || [];
  const made = [];
  for (let i = 1; i <= count; i++) {
    const document = { _id: i };
    for (const [field, property] of Object.entries(schema.properties || {})) {
      const optional = !required.includes(field);
      if (optional && i % 4 === 1) document[field] = null;
      else if (!(optional && i % 4 === 2)) document[field] = value(property, field, i);
    }
    made.push(document);
  }
  return made;
}

async function main() {
  const [uri, name, count] = process.argv.slice(2);
  const client = await MongoClient.connect(uri, { useUnifiedTopology: true });
  try {
    const database = client.db(name);
    for (const info of await database.listCollections({ type: "collection" }).toArray()) {
      const collection = database.collection(info.name);
      if ((await collection.countDocuments({})) > 0) continue;
      const validator = (info.options && info.options.validator) || {};
      const schema = validator.$jsonSchema || (validator.$and && validator.$and[0].$jsonSchema) || {};
      await collection.insertMany(documents(schema, Number(count)));
    }
  } finally {
    await client.close();
  }
}

main().catch((error) => {
  console.error(`error: ${error.message}`);
  process.exitCode = 1;
});
