// A stand-in piscina worker whose module fails while loading, as a broken install would.
throw new Error('broken worker module');
