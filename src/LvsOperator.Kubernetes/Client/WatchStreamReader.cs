using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Json;

namespace LvsOperator.Kubernetes.Client;

/// <summary>
/// A watch response is newline-delimited JSON, one <c>{"type","object"}</c> per line, open for minutes.
/// Lines are parsed as they arrive out of a pipe, never buffering the stream; an <c>ERROR</c> event's
/// Status becomes an exception (<see cref="ResourceVersionExpiredException"/> for 410).
/// </summary>
internal static class WatchStreamReader
{
    public static async IAsyncEnumerable<WatchEvent<T>> ReadAsync<T>(
        Stream stream, JsonTypeInfo<T> objectType, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class, IKubernetesObject
    {
        var pipe = PipeReader.Create(stream);
        try
        {
            while (true)
            {
                var result = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (TryTakeLine(ref buffer, out var line))
                {
                    if (ParseLine(line, objectType) is { } watchEvent)
                    {
                        yield return watchEvent;
                    }
                }

                if (result.IsCompleted)
                {
                    // A last event without its newline still counts.
                    var last = buffer.IsEmpty ? null : ParseLine(buffer, objectType);
                    pipe.AdvanceTo(buffer.End);
                    if (last is not null)
                    {
                        yield return last;
                    }

                    yield break;
                }

                pipe.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await pipe.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        if (buffer.PositionOf((byte)'\n') is not { } end)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, end);
        buffer = buffer.Slice(buffer.GetPosition(1, end));
        return true;
    }

    /// <summary>Null for a blank line.</summary>
    internal static WatchEvent<T>? ParseLine<T>(ReadOnlySequence<byte> line, JsonTypeInfo<T> objectType)
        where T : class, IKubernetesObject
    {
        if (IsBlank(line))
        {
            return null;
        }

        var reader = new Utf8JsonReader(line);
        reader.Read();

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a watch event must be a JSON object");
        }

        string? type = null;
        T? value = null;
        JsonElement? deferred = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            var isObject = reader.ValueTextEquals("object"u8);
            reader.Read();
            if (isType)
            {
                type = reader.GetString();
            }
            else if (isObject && type is not null && type != "ERROR")
            {
                value = JsonSerializer.Deserialize(ref reader, objectType);
            }
            else if (isObject)
            {
                // The server writes "type" first; should it not, or for an ERROR, keep the object for later.
                deferred = JsonElement.ParseValue(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return type switch
        {
            "ERROR" => throw ToException(deferred),
            "ADDED" => new WatchEvent<T>(WatchEventType.Added, Object(value, deferred, objectType)),
            "MODIFIED" => new WatchEvent<T>(WatchEventType.Modified, Object(value, deferred, objectType)),
            "DELETED" => new WatchEvent<T>(WatchEventType.Deleted, Object(value, deferred, objectType)),
            "BOOKMARK" => new WatchEvent<T>(WatchEventType.Bookmark, Object(value, deferred, objectType)),
            _ => throw new JsonException($"unknown watch event type '{type}'"),
        };
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            if (segment.Span.IndexOfAnyExcept(" \t\r"u8) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    private static T Object<T>(T? value, JsonElement? deferred, JsonTypeInfo<T> objectType)
        where T : class =>
        value ?? (deferred is { } element ? element.Deserialize(objectType) : null) ?? throw new JsonException("a watch event carries no object");

    private static KubeApiException ToException(JsonElement? statusObject)
    {
        var status = statusObject?.Deserialize(KubernetesJsonContext.Default.KubeStatus);
        return status?.ToException(HttpStatusCode.InternalServerError)
               ?? new KubeApiException(HttpStatusCode.InternalServerError, null, "watch ERROR event without a status");
    }
}
