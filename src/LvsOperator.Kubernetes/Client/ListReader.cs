using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LvsOperator.Kubernetes.Client;

/// <summary>
/// Reads a list envelope (<c>{"metadata":{"resourceVersion","continue"},"items":[...]}</c>) around the item
/// type's own contract, so no kind needs a generated list type.
/// </summary>
internal static class ListReader
{
    public static ListPage<T> Read<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> itemType)
    {
        var reader = new Utf8JsonReader(json);
        Expect(ref reader, JsonTokenType.StartObject);
        var items = new List<T>();
        string? resourceVersion = null;
        string? continueToken = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isItems = reader.ValueTextEquals("items"u8);
            var isMetadata = reader.ValueTextEquals("metadata"u8);
            reader.Read();
            if (isItems && reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(JsonSerializer.Deserialize(ref reader, itemType) ?? throw new JsonException("null item in a list"));
                }
            }
            else if (isMetadata && reader.TokenType == JsonTokenType.StartObject)
            {
                (resourceVersion, continueToken) = ReadListMeta(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return new ListPage<T>(items, resourceVersion ?? "", string.IsNullOrEmpty(continueToken) ? null : continueToken);
    }

    private static (string? ResourceVersion, string? Continue) ReadListMeta(ref Utf8JsonReader reader)
    {
        string? resourceVersion = null;
        string? continueToken = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isVersion = reader.ValueTextEquals("resourceVersion"u8);
            var isContinue = reader.ValueTextEquals("continue"u8);
            reader.Read();
            if (isVersion) resourceVersion = reader.GetString();
            else if (isContinue) continueToken = reader.GetString();
            else reader.Skip();
        }

        return (resourceVersion, continueToken);
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (!reader.Read() || reader.TokenType != token)
        {
            throw new JsonException($"expected {token} in a list response");
        }
    }
}

/// <summary>One page of a list and the token for the next (null on the last).</summary>
internal sealed record ListPage<T>(List<T> Items, string ResourceVersion, string? Continue);
