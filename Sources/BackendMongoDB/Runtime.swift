/// The JavaScript every non-empty script starts with: small helpers over the mongosh subset
/// the scripts use (`db.runCommand`, `db.getCollection(...).updateMany/countDocuments/
/// createIndex/dropIndex/renameCollection`, `print`, `sleep`), so that each step below is a
/// few readable lines. Every call is awaited: the same text runs under mongosh and under the
/// Node harness in Tests/MongoDBTests (docs/mongodb.md).
enum Runtime {
    static let core = #"""
    // ---- plancc runtime: helpers for the steps below (docs/mongodb.md) ----

    /** The collection's listCollections entry, or null when there is none. */
    async function planccInfo(name) {
      const reply = await db.runCommand({ listCollections: 1, filter: { name: name } });
      return reply.cursor.firstBatch[0] || null;
    }

    /** The validator as { schema, checks, level }: its $jsonSchema and the query checks beside it. */
    async function planccValidator(name) {
      const info = await planccInfo(name);
      if (!info) throw new Error(`collection ${name} does not exist`);
      const options = info.options || {};
      const validator = options.validator || {};
      const keys = Object.keys(validator);
      let schema = null;
      let checks = [];
      if (keys.length === 1 && keys[0] === "$jsonSchema") {
        schema = validator.$jsonSchema;
      } else if (keys.length === 1 && keys[0] === "$and" && validator.$and.length > 0 && validator.$and[0].$jsonSchema) {
        schema = validator.$and[0].$jsonSchema;
        checks = validator.$and.slice(1);
      } else if (keys.length > 0) {
        checks = [validator];
      }
      schema = Object.assign({ bsonType: "object" }, schema);
      schema.properties = Object.assign({}, schema.properties);
      schema.required = (schema.required || []).slice();
      return { schema: schema, checks: checks, level: options.validationLevel || "strict" };
    }

    /** Reads the validator, lets `edit` change its schema and checks, and writes it back with
     *  `level` ("strict", "moderate", or null to keep the current one). */
    async function planccEditValidator(name, level, edit) {
      const current = await planccValidator(name);
      edit(current.schema, current.checks);
      const schema = Object.assign({}, current.schema);
      if (schema.required.length === 0) delete schema.required;
      if (Object.keys(schema.properties).length === 0) delete schema.properties;
      const validator = current.checks.length === 0 ? { $jsonSchema: schema } : { $and: [{ $jsonSchema: schema }].concat(current.checks) };
      await db.runCommand({ collMod: name, validator: validator, validationLevel: level || current.level });
    }

    function planccRequire(schema, field, required) {
      const at = schema.required.indexOf(field);
      if (required && at < 0) schema.required.push(field);
      if (!required && at >= 0) schema.required.splice(at, 1);
    }

    function planccAllowNull(schema, field, allowed) {
      const property = schema.properties[field];
      if (!property || property.bsonType === undefined) return;
      const types = [].concat(property.bsonType).filter((type) => type !== "null");
      if (allowed) types.push("null");
      property.bsonType = types.length === 1 ? types[0] : types;
    }

    function planccAllowsNull(schema, field) {
      const property = schema.properties[field];
      return !schema.required.includes(field) || (property !== undefined && [].concat(property.bsonType).includes("null"));
    }

    /** A new property typed `property`, or `null` allowed when `nullable`. */
    function planccSetProperty(schema, field, property, nullable) {
      schema.properties[field] = property;
      planccAllowNull(schema, field, nullable);
    }

    /** Renames a property where it stands, so that renaming back restores the same schema. */
    function planccRenameField(schema, from, to) {
      const renamed = {};
      for (const key of Object.keys(schema.properties)) renamed[key === from ? to : key] = schema.properties[key];
      schema.properties = renamed;
      schema.required = schema.required.map((field) => (field === from ? to : field));
    }

    function planccRemoveField(schema, field) {
      delete schema.properties[field];
      planccRequire(schema, field, false);
    }

    function planccAddCheck(checks, check) {
      if (!checks.some((each) => JSON.stringify(each) === JSON.stringify(check))) checks.push(check);
    }

    function planccRemoveCheck(checks, check) {
      const at = checks.findIndex((each) => JSON.stringify(each) === JSON.stringify(check));
      if (at >= 0) checks.splice(at, 1);
    }

    /** Strict validation once every document passes the validator; until then moderate, so
     *  that documents not yet migrated can still be updated by the application. */
    async function planccSettle(name) {
      const info = await planccInfo(name);
      const options = info.options || {};
      const invalid = await db.getCollection(name).countDocuments({ $nor: [options.validator || {}] });
      if (invalid > 0) {
        print(`${name}: ${invalid} documents do not pass the validator yet; validationLevel stays moderate`);
      } else if ((options.validationLevel || "strict") !== "strict") {
        await db.runCommand({ collMod: name, validationLevel: "strict" });
        print(`${name}: every document passes the validator; validationLevel is strict`);
      }
    }

    /** Throws unless every document has a non-null `field`. */
    async function planccExpectValues(name, field) {
      const missing = await db.getCollection(name).countDocuments({ [field]: null });
      if (missing > 0) throw new Error(`${name}: ${missing} documents have no value for ${field}; fill them first`);
    }

    /** Throws unless every document passes `check`. */
    async function planccExpectCheck(name, label, check) {
      const failing = await db.getCollection(name).countDocuments({ $nor: [check] });
      if (failing > 0) throw new Error(`${name}: ${failing} documents fail check ${label}`);
    }

    async function planccIndexes(name) {
      if (!(await planccInfo(name))) return [];
      const reply = await db.runCommand({ listIndexes: name });
      return reply.cursor.firstBatch;
    }

    async function planccDropIndex(name, index) {
      if (!(await planccIndexes(name)).some((each) => each.name === index)) {
        print(`${name}: no index ${index}, nothing to drop`);
        return;
      }
      await db.getCollection(name).dropIndex(index);
    }

    async function planccCreateCollection(name, schema) {
      if (await planccInfo(name)) {
        print(`${name}: already exists, left as it is`);
        return;
      }
      await db.runCommand({ create: name, validator: { $jsonSchema: schema } });
    }

    async function planccDropCollection(name) {
      if (!(await planccInfo(name))) {
        print(`${name}: does not exist, nothing to drop`);
        return;
      }
      await db.runCommand({ drop: name });
    }

    /** Renames a collection and writes its validation options again: not every server
     *  carries them across a rename. */
    async function planccRenameCollection(from, to) {
      const info = await planccInfo(from);
      if (!info) {
        if (await planccInfo(to)) return print(`${from}: already renamed to ${to}`);
        throw new Error(`collection ${from} does not exist`);
      }
      await db.getCollection(from).renameCollection(to);
      const options = info.options || {};
      const validation = {};
      for (const key of ["validator", "validationLevel", "validationAction"]) {
        if (options[key] !== undefined) validation[key] = options[key];
      }
      if (Object.keys(validation).length > 0) await db.runCommand(Object.assign({ collMod: to }, validation));
    }

    /** Applies `update` to the documents matching `pending`, `maxSize` at a time in _id order,
     *  pausing `pauseMs` between batches; with `maxBatchMs` > 0 a batch that took longer halves
     *  the size, and one under half of it doubles it again (up to `maxSize`). `pending` stops
     *  matching a document once it is updated, so a stopped run is finished by running again. */
    async function planccInBatches(name, label, pending, update, maxSize, pauseMs, maxBatchMs) {
      const collection = db.getCollection(name);
      const total = await collection.countDocuments(pending);
      print(`${label}: ${total} documents to update, ${maxSize} per batch`);
      let rest = pending;
      let updated = 0;
      let size = maxSize;
      for (let batch = 1; ; batch++) {
        const reply = await db.runCommand({ find: name, filter: rest, sort: { _id: 1 }, skip: size - 1, limit: 1, projection: { _id: 1 } });
        const edge = reply.cursor.firstBatch[0];
        const range = edge ? { $and: [rest, { _id: { $lte: edge._id } }] } : rest;
        const started = Date.now();
        const result = await collection.updateMany(range, update);
        const took = Date.now() - started;
        updated += result.modifiedCount;
        print(`${label}: batch ${batch}, ${updated} of ${total} updated`);
        if (maxBatchMs > 0 && took > maxBatchMs) size = Math.max(1, Math.floor(size / 2));
        else if (maxBatchMs > 0 && took < maxBatchMs / 2) size = Math.min(maxSize, size * 2);
        if (!edge) break;
        rest = { $and: [pending, { _id: { $gt: edge._id } }] };
        await sleep(pauseMs);
      }
    }
    // ---- end of the plancc runtime ----
    """#

    /// Verify collects every problem, then throws once, naming them all.
    static let verify = #"""
    // ---- plancc verify helpers ----
    const planccProblems = [];

    function planccProblem(problem) {
      planccProblems.push(problem);
    }

    async function planccCheckCollection(name, present) {
      const info = await planccInfo(name);
      if (present && (!info || info.type !== "collection")) planccProblem(`collection ${name} is missing`);
      if (!present && info) planccProblem(`collection ${name} should not exist`);
    }

    async function planccCheckNoView(name) {
      const info = await planccInfo(name);
      if (info && info.type === "view") planccProblem(`view ${name} should not exist`);
    }

    /** Same BSON types (null aside) and the same other keywords. */
    function planccSameType(property, expected) {
      const types = (p) => [].concat(p.bsonType).filter((type) => type !== "null").sort();
      const rest = (p) => JSON.stringify(Object.keys(p).filter((key) => key !== "bsonType").sort().map((key) => [key, p[key]]));
      return JSON.stringify(types(property)) === JSON.stringify(types(expected)) && rest(property) === rest(expected);
    }

    /** The field's property in the validator and its values in every document. */
    async function planccCheckField(name, field, type, nullable) {
      if (!(await planccInfo(name))) return planccProblem(`collection ${name} is missing (needed for ${name}.${field})`);
      const validator = await planccValidator(name);
      const property = validator.schema.properties[field];
      const collection = db.getCollection(name);
      if (!property) planccProblem(`${name}.${field}: the validator has no property ${field}`);
      if (property && type && !planccSameType(property, type)) {
        planccProblem(`${name}.${field}: the validator says ${JSON.stringify(property)}, expected ${JSON.stringify(type)}`);
      }
      if (type) {
        const fits = Object.assign({}, type, { bsonType: [].concat(type.bsonType, "null") });
        const wrong = await collection.countDocuments({ $nor: [{ $jsonSchema: { properties: { [field]: fits } } }] });
        if (wrong > 0) planccProblem(`${name}.${field}: ${wrong} documents hold a value that is not ${JSON.stringify(type)}`);
      }
      if (nullable === false) {
        if (!validator.schema.required.includes(field)) planccProblem(`${name}.${field}: not in the validator's required list`);
        if (property && [].concat(property.bsonType).includes("null")) planccProblem(`${name}.${field}: the validator allows null`);
        const missing = await collection.countDocuments({ [field]: null });
        if (missing > 0) planccProblem(`${name}.${field}: ${missing} documents have no value`);
        if (validator.level !== "strict") planccProblem(`${name}: validationLevel is ${validator.level}, expected strict`);
      }
      if (nullable === true && !planccAllowsNull(validator.schema, field)) planccProblem(`${name}.${field}: the validator does not allow null`);
    }

    async function planccCheckFieldAbsent(name, field) {
      if (!(await planccInfo(name))) return planccProblem(`collection ${name} is missing (needed for ${name}.${field})`);
      const validator = await planccValidator(name);
      if (validator.schema.properties[field] || validator.schema.required.includes(field)) planccProblem(`${name}.${field}: still in the validator`);
      const left = await db.getCollection(name).countDocuments({ [field]: { $exists: true } });
      if (left > 0) planccProblem(`${name}.${field}: ${left} documents still have the field`);
    }

    async function planccCheckIndex(name, index, unique, keys, partial) {
      const found = (await planccIndexes(name)).find((each) => each.name === index);
      if (!found) return planccProblem(`${name}: index ${index} is missing`);
      if (Boolean(found.unique) !== unique) planccProblem(`${name}: index ${index} should${unique ? "" : " not"} be unique`);
      const on = Object.keys(found.key || {});
      if (JSON.stringify(on) !== JSON.stringify(keys)) planccProblem(`${name}: index ${index} is on (${on.join(", ")}), expected (${keys.join(", ")})`);
      if (Boolean(found.partialFilterExpression) !== partial) planccProblem(`${name}: index ${index} should${partial ? "" : " not"} be partial`);
    }

    async function planccCheckNoIndex(name, index) {
      if ((await planccIndexes(name)).some((each) => each.name === index)) planccProblem(`${name}: index ${index} should not exist`);
    }

    async function planccCheckCheck(name, label, check, present) {
      if (!(await planccInfo(name))) return planccProblem(`collection ${name} is missing (needed for check ${label})`);
      const checks = (await planccValidator(name)).checks.map((each) => JSON.stringify(each));
      if (checks.includes(JSON.stringify(check)) !== present) planccProblem(`${name}: check ${label} should${present ? "" : " not"} be in the validator`);
      if (!present) return;
      const failing = await db.getCollection(name).countDocuments({ $nor: [check] });
      if (failing > 0) planccProblem(`${name}: ${failing} documents fail check ${label}`);
    }

    async function planccCheckDone(name, label, pending) {
      if (!(await planccInfo(name))) return planccProblem(`collection ${name} is missing (needed for ${label})`);
      const left = await db.getCollection(name).countDocuments(pending);
      if (left > 0) planccProblem(`${name}: ${left} documents still need ${label}`);
    }
    // ---- end of the plancc verify helpers ----
    """#
}
