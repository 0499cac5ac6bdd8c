package io.granary.launcher.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.granary.block.DeviceBusyException;
import io.granary.block.volume.CollectionStats;
import io.granary.block.volume.VolumeInfo;
import io.granary.block.volume.VolumeManager;
import io.granary.core.StoreException;
import io.granary.core.block.SnapshotRecord;
import io.granary.core.block.VolumeRecord;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The volume operations of the admin API, over a {@link VolumeManager}: the process that serves
 * the volumes over NBD, so operations that need the writer (snapshot, flatten) use its open engine.
 *
 * <table>
 *   <caption>Routes, under {@code /v1/volumes}</caption>
 *   <tr><td>GET {@code /v1/volumes}</td><td>list</td></tr>
 *   <tr><td>POST {@code /v1/volumes} {@code {"name","size"}}</td><td>create (201)</td></tr>
 *   <tr><td>GET {@code /v1/volumes/V}</td><td>info, with space figures and what the collector did in this process</td></tr>
 *   <tr><td>DELETE {@code /v1/volumes/V}</td><td>delete (409 while it has clones or is attached)</td></tr>
 *   <tr><td>POST {@code /v1/volumes/V/resize} {@code {"size"}}</td><td>grow</td></tr>
 *   <tr><td>POST {@code /v1/volumes/V/flatten}</td><td>copy a clone's parent data in</td></tr>
 *   <tr><td>GET {@code /v1/volumes/V/snapshots}</td><td>list snapshots</td></tr>
 *   <tr><td>POST {@code /v1/volumes/V/snapshots} {@code {"name"}}</td><td>snapshot (201)</td></tr>
 *   <tr><td>DELETE {@code /v1/volumes/V/snapshots/S}</td><td>delete a snapshot</td></tr>
 *   <tr><td>POST {@code /v1/volumes/V/snapshots/S/clone} {@code {"name","size"?}}</td><td>clone (201)</td></tr>
 * </table>
 *
 * <p>Errors: 400 {@code InvalidArgument}, 404 {@code NotFound}, 405 {@code MethodNotAllowed},
 * 409 {@code AlreadyExists}, {@code Conflict} or {@code VolumeBusy}, 503 {@code Unavailable},
 * 500 {@code InternalError}. Thread-safe.
 */
public final class VolumeApi {
    /** What a route answers: an HTTP status and a JSON-able body. */
    public record Reply(int status, Object body) {
    }

    private final VolumeManager volumes;

    public VolumeApi(VolumeManager volumes) {
        this.volumes = Objects.requireNonNull(volumes, "volumes");
    }

    /**
     * @param path the decoded path segments after {@code /v1/volumes}
     * @param body the request's JSON body; a missing node for none
     */
    public Reply handle(String method, List<String> path, JsonNode body) {
        try {
            return route(method, path, body);
        } catch (StoreException e) {
            throw translate(e);
        } catch (DeviceBusyException e) {
            throw new AdminException(409, "VolumeBusy", e.getMessage());
        } catch (IOException e) {
            throw new AdminException(500, "InternalError", e.toString());
        }
    }

    private Reply route(String method, List<String> path, JsonNode body) throws IOException {
        int depth = path.size();
        if (depth == 0) {
            return switch (method) {
                case "GET" -> new Reply(200, Map.of("volumes", volumes.list().stream().map(VolumeApi::volume).toList()));
                case "POST" -> new Reply(201, volume(volumes.create(text(body, "name"), size(body, "size"))));
                default -> throw notAllowed(method);
            };
        }
        String name = path.get(0);
        if (depth == 1) {
            return switch (method) {
                case "GET" -> new Reply(200, info(volumes.info(name).orElseThrow(() ->
                        new AdminException(404, "NotFound", "no volume " + name))));
                case "DELETE" -> {
                    volumes.delete(name);
                    yield new Reply(200, Map.of("deleted", name));
                }
                default -> throw notAllowed(method);
            };
        }
        String part = path.get(1);
        if (depth == 2 && part.equals("resize")) {
            requirePost(method);
            return new Reply(200, volume(volumes.resize(name, size(body, "size"))));
        }
        if (depth == 2 && part.equals("flatten")) {
            requirePost(method);
            volumes.flatten(name);
            return new Reply(200, info(volumes.info(name).orElseThrow()));
        }
        if (part.equals("snapshots")) {
            if (depth == 2) {
                return switch (method) {
                    case "GET" -> new Reply(200, Map.of("snapshots",
                            volumes.snapshots(name).stream().map(s -> snapshot(name, s)).toList()));
                    case "POST" -> new Reply(201, snapshot(name, volumes.snapshot(name, text(body, "name"))));
                    default -> throw notAllowed(method);
                };
            }
            String snapshot = path.get(2);
            if (depth == 3) {
                if (!method.equals("DELETE")) {
                    throw notAllowed(method);
                }
                volumes.deleteSnapshot(name, snapshot);
                return new Reply(200, Map.of("deleted", name + "@" + snapshot));
            }
            if (depth == 4 && path.get(3).equals("clone")) {
                requirePost(method);
                String clone = text(body, "name");
                VolumeRecord created = body.hasNonNull("size")
                        ? volumes.clone(name, snapshot, clone, size(body, "size"))
                        : volumes.clone(name, snapshot, clone);
                return new Reply(201, volume(created));
            }
        }
        throw new AdminException(404, "NoSuchRoute", "no such resource: /v1/volumes/" + String.join("/", path));
    }

    static Map<String, Object> volume(VolumeRecord volume) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", volume.name());
        json.put("size", volume.size());
        json.put("state", volume.state().name().toLowerCase(Locale.ROOT));
        json.put("created", volume.created().toString());
        json.put("parent", volume.parent().map(p -> p.volume() + "@" + p.snapshot()).orElse(null));
        return json;
    }

    private static Map<String, Object> info(VolumeInfo info) {
        Map<String, Object> json = volume(info.volume());
        json.put("snapshots", info.snapshots());
        json.put("liveBytes", info.liveBytes());
        json.put("storedBytes", info.storedBytes());
        json.put("deadBytes", info.deadBytes());
        CollectionStats collection = info.collection();
        json.put("collections", collection.runs());
        json.put("collectionFailures", collection.failures());
        json.put("collectedSegments", collection.segmentsDeleted());
        json.put("reclaimedBytes", collection.bytesReclaimed());
        json.put("copiedBytes", collection.bytesCopied());
        json.put("lastCollection", collection.lastRun().map(Object::toString).orElse(null));
        json.put("lastCollectionError", collection.lastError().orElse(null));
        return json;
    }

    private static Map<String, Object> snapshot(String volume, SnapshotRecord snapshot) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("volume", volume);
        json.put("name", snapshot.name());
        json.put("size", snapshot.size());
        json.put("created", snapshot.created().toString());
        return json;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw new AdminException(400, "InvalidArgument", "the body needs a string \"" + field + "\"");
        }
        return value.asText();
    }

    private static long size(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new AdminException(400, "InvalidArgument", "the body needs a byte count \"" + field + "\"");
        }
        return value.asLong();
    }

    private static void requirePost(String method) {
        if (!method.equals("POST")) {
            throw notAllowed(method);
        }
    }

    private static AdminException notAllowed(String method) {
        return new AdminException(405, "MethodNotAllowed", method + " is not allowed here");
    }

    /** The volume engine's errors in HTTP terms, in one place. */
    static AdminException translate(StoreException e) {
        return switch (e.error()) {
            case INVALID_ARGUMENT -> new AdminException(400, "InvalidArgument", e.getMessage());
            case NOT_FOUND -> new AdminException(404, "NotFound", e.getMessage());
            case ALREADY_EXISTS -> new AdminException(409, "AlreadyExists", e.getMessage());
            case CONFLICT -> new AdminException(409, "Conflict", e.getMessage());
            case UNAVAILABLE -> new AdminException(503, "Unavailable", e.getMessage());
            default -> new AdminException(500, "InternalError", e.getMessage());
        };
    }
}
