using System.Text.Json.Nodes;

namespace LvsOperator.FakeApiServer;

/// <summary>The parts of metav1.DeleteOptions the fake honours: preconditions and the propagation policy.</summary>
internal sealed record DeleteOptions(string? PreconditionUid, string? PreconditionResourceVersion, string PropagationPolicy)
{
    public const string Background = "Background";
    public const string Orphan = "Orphan";
    public const string Foreground = "Foreground";

    public static DeleteOptions Default { get; } = new(null, null, Background);

    /// <summary>From the request body (a DeleteOptions object) and the query string, the body winning.</summary>
    public static DeleteOptions Parse(JsonObject? body, string? queryPropagationPolicy)
    {
        var policy = body?["propagationPolicy"]?.GetValue<string>() ?? queryPropagationPolicy;
        if (policy is null && body?["orphanDependents"] is JsonValue orphan && orphan.GetValue<bool>())
        {
            policy = Orphan;
        }

        policy ??= Background;
        if (policy is not (Background or Orphan or Foreground))
        {
            throw ApiErrors.Invalid(
                new ResourceType("meta.k8s.io", "v1", "deleteoptions", "DeleteOptions", false), "", "propagationPolicy", "FieldValueNotSupported",
                $"Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"");
        }

        var preconditions = body?["preconditions"] as JsonObject;
        return new DeleteOptions(
            preconditions?["uid"]?.GetValue<string>(), preconditions?["resourceVersion"]?.GetValue<string>(), policy);
    }
}
