using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace LvsOperator.FakeApiServer;

/// <summary>The list/watch query parameters, validated as metainternalversion.ValidateListOptions does.</summary>
internal sealed record ListOptions(
    LabelSelector Labels,
    FieldSelector Fields,
    bool Watch,
    string ResourceVersion,
    string ResourceVersionMatch,
    long Limit,
    string Continue,
    bool AllowWatchBookmarks,
    bool SendInitialEvents,
    TimeSpan? Timeout)
{
    public const string Exact = "Exact";
    public const string NotOlderThan = "NotOlderThan";

    public static ListOptions Parse(IQueryCollection query, ResourceType type)
    {
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"], type);
        var options = new ListOptions(
            labels,
            fields,
            Bool(query, "watch"),
            query["resourceVersion"].ToString(),
            query["resourceVersionMatch"].ToString(),
            Long(query, "limit") ?? 0,
            query["continue"].ToString(),
            Bool(query, "allowWatchBookmarks"),
            Bool(query, "sendInitialEvents"),
            Long(query, "timeoutSeconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
        options.Validate();
        return options;
    }

    /// <summary>The revision a non-empty resourceVersion names; 400 when it is not a number, as the etcd3 versioner.</summary>
    public static long ParseRevision(string resourceVersion) =>
        long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? revision
            : throw ApiErrors.BadRequest($"invalid resource version \"{resourceVersion}\"");

    private void Validate()
    {
        if (ResourceVersionMatch.Length > 0)
        {
            if (Watch && !SendInitialEvents)
            {
                throw ApiErrors.InvalidListOptions("resourceVersionMatch", "Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided");
            }

            // A streaming list (watch with sendInitialEvents) with no resourceVersion means "consistent read".
            if (ResourceVersion.Length == 0 && !(Watch && SendInitialEvents))
            {
                throw ApiErrors.InvalidListOptions("resourceVersionMatch", "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided");
            }

            if (Continue.Length > 0)
            {
                throw ApiErrors.InvalidListOptions("resourceVersionMatch", "Forbidden: resourceVersionMatch is forbidden when continue is provided");
            }

            if (ResourceVersionMatch is not (Exact or NotOlderThan))
            {
                throw ApiErrors.InvalidListOptions("resourceVersionMatch",
                    $"Unsupported value: \"{ResourceVersionMatch}\": supported values: \"Exact\", \"NotOlderThan\", \"\"");
            }

            if (ResourceVersionMatch == Exact && ResourceVersion == "0")
            {
                throw ApiErrors.InvalidListOptions("resourceVersionMatch", "Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"");
            }
        }

        if (SendInitialEvents && !(Watch && AllowWatchBookmarks && ResourceVersionMatch == NotOlderThan))
        {
            throw ApiErrors.InvalidListOptions("sendInitialEvents",
                "Forbidden: sendInitialEvents requires watch, allowWatchBookmarks and resourceVersionMatch=NotOlderThan");
        }

        if (Continue.Length > 0 && ResourceVersion.Length > 0 && ResourceVersion != "0")
        {
            throw ApiErrors.BadRequest("specifying resource version is not allowed when using continue");
        }

        if (ResourceVersion.Length > 0)
        {
            ParseRevision(ResourceVersion);
        }
    }

    private static bool Bool(IQueryCollection query, string name) =>
        query[name].ToString() is "1" or "true" or "True";

    private static long? Long(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var text)
            ? long.TryParse(text.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw ApiErrors.BadRequest($"invalid value for {name}: {text}")
            : null;
}
