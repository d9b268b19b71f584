using Brick.Deploy.Tests.Support;
using k8s;
using k8s.Models;

namespace Brick.Deploy.Tests.Kubernetes;

/// <summary>The objects of <c>deploy/kubernetes/*.yaml</c> (the kustomization aside), each read strictly: a field the
/// Kubernetes object model does not know fails the read, as the API server's strict field validation would.</summary>
internal static class Manifests
{
    public const string Namespace = "brick-system";

    public static string Folder => RepositoryRoot.Of("deploy", "kubernetes");

    /// <summary>The manifest files: every YAML file but <c>kustomization.yaml</c>.</summary>
    public static IReadOnlyList<string> Files { get; } = Directory.GetFiles(Folder, "*.yaml")
        .Where(f => Path.GetFileName(f) != "kustomization.yaml")
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Every object, with the file it came from.</summary>
    public static IReadOnlyList<(string File, IKubernetesObject<V1ObjectMeta> Object)> Objects { get; } = Load();

    public static T Single<T>() where T : IKubernetesObject<V1ObjectMeta> =>
        Assert.Single(Objects.Select(o => o.Object).OfType<T>());

    public static V1PodSpec Pod => Single<V1DaemonSet>().Spec.Template.Spec;

    public static V1Container Worker => Assert.Single(Pod.Containers);

    private static List<(string, IKubernetesObject<V1ObjectMeta>)> Load()
    {
        var objects = new List<(string, IKubernetesObject<V1ObjectMeta>)>();
        foreach (var file in Files)
        {
            foreach (var item in KubernetesYaml.LoadAllFromString(File.ReadAllText(file), strict: true))
                objects.Add((Path.GetFileName(file), Assert.IsAssignableFrom<IKubernetesObject<V1ObjectMeta>>(item)));
        }

        return objects;
    }
}
