using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LvsOperator.Manifests;

/// <summary>
/// The API server's own checks of <c>metadata</c> that a CRD schema does not spell out: known fields only
/// (strict field validation), a DNS-subdomain name, a DNS-label namespace, well-formed labels.
/// </summary>
internal static partial class ObjectMetaRules
{
    private static readonly HashSet<string> Known =
    [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
    ];

    public static IEnumerable<(string Field, string Message)> Check(JsonNode? metadata)
    {
        if (metadata is not JsonObject meta)
        {
            yield return ("metadata", "Required value");
            yield break;
        }

        foreach (var (name, _) in meta)
            if (!Known.Contains(name)) yield return ($"metadata.{name}", "unknown field");

        var resourceName = meta["name"]?.GetValueKind() == JsonValueKind.String ? (string?)meta["name"] : null;
        if (string.IsNullOrEmpty(resourceName)) yield return ("metadata.name", "Required value: name is required");
        else if (resourceName.Length > 253 || !Subdomain().IsMatch(resourceName))
            yield return ("metadata.name", $"Invalid value: {JsonValue.Create(resourceName).ToJsonString()}: {SubdomainMessage}");

        if (meta["namespace"] is { } ns && (ns.GetValueKind() != JsonValueKind.String || !Label().IsMatch((string)ns!)))
            yield return ("metadata.namespace", "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character");

        if (meta["labels"] is JsonObject labels)
            foreach (var (key, value) in labels)
                if (value?.GetValueKind() != JsonValueKind.String || !LabelValue().IsMatch((string)value!))
                    yield return ($"metadata.labels[{key}]", "a valid label value must be 63 characters or less and consist of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric");
    }

    // apimachinery's IsDNS1123Subdomain message, word for word.
    private const string SubdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
        + "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
        + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
