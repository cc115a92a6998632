// #/ incidents, #/new open one, #/incidents/ID the incident, #/registry[/NAME] the explorer,
// #/what-if/NAME a what-if radius.
import './styles.css';
import { bindActorInput } from './actor.js';
import { mountAuthHeader } from './auth/header.js';
import { startSession } from './auth/session.js';
import { startRouter } from './router.js';
import { mountIncidentList } from './views/incident-list.js';
import { mountIncident } from './views/incident/index.js';
import { mountRegistry } from './views/registry/index.js';
import { mountWhatIf } from './views/what-if.js';

// signing in first (oidc: possibly a trip to the provider's login); nothing renders before it
const ready = await startSession();
mountAuthHeader(document.querySelector('header.topbar') as HTMLElement);
bindActorInput(document.getElementById('actor') as HTMLInputElement);
if (ready) startRouter([
  [/^\/?$/, (root, _p, q) => mountIncidentList(root, { openForm: false, query: q }), 'incidents'],
  [/^\/new$/, (root, _p, q) => mountIncidentList(root, { openForm: true, query: q }), 'incidents'],
  [/^\/incidents\/([^/]+)$/, (root, [id], q) => mountIncident(root, id, q), 'incidents'],
  [/^\/registry(?:\/([^/]+))?$/, (root, [name]) => mountRegistry(root, name), 'registry'],
  [/^\/what-if\/([^/]+)$/, (root, [name], q) => mountWhatIf(root, name, q), 'registry'],
]);
