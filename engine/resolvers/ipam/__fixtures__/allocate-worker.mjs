// A separate process allocating from a shared pool, for the cross-process concurrency test.
// Arguments: DATA_DIR POOL COUNT OWNER. Prints the allocated addresses as JSON.
const [dataDir, pool, count, owner] = process.argv.slice(2);
const { openStore } = await import('../../../../dist/engine/store/store.js');
const { IpamService } = await import('../../../../dist/engine/resolvers/ipam/ipam-service.js');
const store = openStore(dataDir);
const ipam = new IpamService(store.async);
const values = [];
for (let i = 0; i < Number(count); i += 1) values.push((await ipam.allocate({ pool }, { kind: 'address' }, owner)).value);
await store.async.close();
process.stdout.write(JSON.stringify(values));
