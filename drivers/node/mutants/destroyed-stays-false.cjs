// behaviour: seed 001 (v19 docs), socket.destroyed: "Indicates if the connection is destroyed or not. Once a connection is destroyed no further data can be transferred using it." -- destroyed reads false after destroy()
'use strict';
const { onEverySocket, overrideGetter } = require('./_lib.cjs');
onEverySocket((s) => overrideGetter(s, 'destroyed', () => false));
