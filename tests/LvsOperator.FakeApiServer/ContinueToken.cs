using System.Text;
using System.Text.Json.Nodes;

namespace LvsOperator.FakeApiServer;

/// <summary>
/// The etcd3 continue token: base64 of <c>{"v":"meta.k8s.io/v1","rv":R,"start":"key\u0000"}</c>. Every page is
/// served at the first page's revision R, so it fails with 410 once R is compacted.
/// </summary>
internal sealed record ContinueToken(long Revision, string StartAfterKey)
{
    public string Encode()
    {
        var json = new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = Revision, ["start"] = StartAfterKey + "\0" };
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static ContinueToken Decode(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var json = JsonNode.Parse(Convert.FromBase64String(base64)) as JsonObject;
            if (json?["v"]?.GetValue<string>() != "meta.k8s.io/v1" || json["rv"]?.GetValue<long>() is not { } revision || revision <= 0)
            {
                throw ApiErrors.BadRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
            }

            var start = json["start"]?.GetValue<string>() ?? "";
            return new ContinueToken(revision, start.TrimEnd('\0'));
        }
        catch (FormatException)
        {
            throw ApiErrors.BadRequest("continue key is not valid: illegal base64 data");
        }
        catch (System.Text.Json.JsonException)
        {
            throw ApiErrors.BadRequest("continue key is not valid: invalid character");
        }
    }
}
