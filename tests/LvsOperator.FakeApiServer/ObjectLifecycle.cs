using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LvsOperator.FakeApiServer;

/// <summary>The rules of k8s.io/apiserver's rest.BeforeCreate/BeforeUpdate that every write path shares.</summary>
internal static partial class ObjectLifecycle
{
    // names.SimpleNameGenerator: five characters from an alphabet without vowels or look-alikes.
    private const string GeneratedNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static void StampNew(JsonObject obj, TimeProvider time)
    {
        var metadata = obj.Metadata();
        if (obj.Uid().Length == 0)
        {
            metadata["uid"] = Guid.NewGuid().ToString();
        }

        metadata["creationTimestamp"] = ObjectFields.FormatTime(time.GetUtcNow());
        metadata["generation"] = 1L;
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        metadata.Remove("selfLink");
    }

    /// <summary>
    /// An update can never change uid, creationTimestamp, deletionTimestamp or generation; generation moves by one
    /// when anything outside the ignored top-level fields changed (customResourceStrategy.PrepareForUpdate).
    /// </summary>
    public static void CarryServerFields(JsonObject candidate, JsonObject current, IReadOnlyCollection<string> bumpGenerationOn)
    {
        var metadata = candidate.Metadata();
        foreach (var field in (string[])["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds"])
        {
            var old = current.Metadata()[field];
            if (old is null)
            {
                metadata.Remove(field);
            }
            else
            {
                metadata[field] = old.DeepClone();
            }
        }

        var changed = !ObjectFields.EqualExcept(candidate, current, [.. bumpGenerationOn]);
        metadata["generation"] = current.Generation() + (changed ? 1 : 0);
    }

    /// <summary>apiVersion/kind and namespace checks every body goes through (the decoder and rest.BeforeCreate/Update).</summary>
    public static void CheckBody(ResourceType type, string urlNamespace, JsonObject body)
    {
        var apiVersion = body["apiVersion"]?.GetValue<string>() ?? "";
        var kind = body["kind"]?.GetValue<string>() ?? "";
        if (type.IsCustomResource && kind.Length == 0)
        {
            throw ApiErrors.BadRequest($"Object 'Kind' is missing in '{body.ToJsonString()}'");
        }

        if (apiVersion.Length > 0 && apiVersion != type.ApiVersion)
        {
            throw ApiErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
        }

        if (kind.Length > 0 && kind != type.Kind)
        {
            throw ApiErrors.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({type.Kind})");
        }

        body["apiVersion"] = type.ApiVersion;
        body["kind"] = type.Kind;
        var metadata = body.Metadata();
        if (!type.Namespaced)
        {
            metadata.Remove("namespace");
            return;
        }

        var ns = body.Namespace();
        if (ns.Length > 0 && ns != urlNamespace)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        metadata["namespace"] = urlNamespace;
    }

    /// <summary>Names a created object: metadata.name, else generateName plus five random characters.</summary>
    public static string AssignName(ResourceType type, JsonObject body)
    {
        var name = body.Name();
        var generateName = body.MetaString("generateName");
        if (name.Length == 0 && generateName.Length > 0)
        {
            name = generateName + RandomNumberGenerator.GetString(GeneratedNameAlphabet, 5);
            body.Metadata()["name"] = name;
        }

        if (name.Length == 0)
        {
            throw ApiErrors.Invalid(type, "", "metadata.name", "FieldValueRequired", "Required value: name or generateName is required");
        }

        if (name.Length > 253 || !Rfc1123Subdomain().IsMatch(name))
        {
            throw ApiErrors.Invalid(type, name, "metadata.name", "FieldValueInvalid",
                $"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
                "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
                "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        }

        return name;
    }

    /// <summary>ValidateNoNewFinalizers: once deletionTimestamp is set, finalizers may only go away.</summary>
    public static void CheckNoNewFinalizers(ResourceType type, JsonObject candidate, JsonObject current)
    {
        if (!current.IsDeleting())
        {
            return;
        }

        var added = candidate.Finalizers().Except(current.Finalizers()).ToList();
        if (added.Count > 0)
        {
            var listed = string.Join(", ", added.Select(f => $"\"{f}\""));
            throw ApiErrors.Invalid(type, candidate.Name(), "metadata.finalizers", "FieldValueForbidden",
                $"Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{{{listed}}}");
        }
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Rfc1123Subdomain();
}
