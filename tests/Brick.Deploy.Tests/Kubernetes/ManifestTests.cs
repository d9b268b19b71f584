using System.Text.Json;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace Brick.Deploy.Tests.Kubernetes;

/// <summary>
/// deploy/kubernetes as the issue asks for it: one privileged worker per node, on the host's network and IPC, named
/// after its node, with the host's devices, a password from a Secret file, probes, resources, and an account granted
/// nothing. Read only: no cluster was available to apply it.
/// </summary>
public sealed class ManifestTests
{
    [Fact]
    public void Every_manifest_reads_strictly_as_the_objects_it_names_in_one_namespace()
    {
        Assert.NotEmpty(Manifests.Objects);
        foreach (var (file, item) in Manifests.Objects)
        {
            Assert.False(string.IsNullOrEmpty(item.Metadata?.Name), $"{file}: {item.Kind} without a name");
            if (item is V1Namespace ns)
                Assert.Equal(Manifests.Namespace, ns.Metadata.Name);
            else
                Assert.True(item.Metadata.NamespaceProperty == Manifests.Namespace, $"{file}: {item.Kind} {item.Metadata.Name} is not in {Manifests.Namespace}");
        }
    }

    [Fact]
    public void The_kustomization_lists_every_manifest()
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(Path.Combine(Manifests.Folder, "kustomization.yaml")))
            yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var resources = ((YamlSequenceNode)root.Children[new YamlScalarNode("resources")]).Children
            .Select(n => ((YamlScalarNode)n).Value!).Order(StringComparer.Ordinal);
        Assert.Equal(Manifests.Files.Select(Path.GetFileName).Order(StringComparer.Ordinal), resources);
    }

    [Fact]
    public void The_daemonset_runs_one_privileged_worker_per_node_on_the_host_network_and_ipc()
    {
        var daemonSet = Manifests.Single<V1DaemonSet>();
        var selector = daemonSet.Spec.Selector.MatchLabels;
        Assert.NotEmpty(selector);
        foreach (var (key, value) in selector)
            Assert.Equal(value, daemonSet.Spec.Template.Metadata.Labels[key]);

        var pod = Manifests.Pod;
        Assert.True(pod.HostNetwork, "multipathd's abstract socket is in the host's network namespace only");
        Assert.Equal("ClusterFirstWithHostNet", pod.DnsPolicy);
        Assert.True(pod.HostIPC, "libdevmapper waits for the host's udev through System V semaphores");
        Assert.True(Manifests.Worker.SecurityContext.Privileged);
        Assert.Equal("run", Manifests.Worker.Args[0]);
        Assert.Matches(@"^[^:@]+(/[^:@]+)*:[0-9][\w.-]*$", Manifests.Worker.Image); // a tag, and not :latest
        Assert.DoesNotContain(":latest", Manifests.Worker.Image, StringComparison.Ordinal);
        Assert.True(pod.TerminationGracePeriodSeconds > 30, "the worker's shutdown timeout is 30 s");
    }

    [Fact]
    public void Each_worker_is_named_after_its_node()
    {
        var host = Assert.Single(Manifests.Worker.Env, e => e.Name == "Brick__Host");
        Assert.Equal("spec.nodeName", host.ValueFrom.FieldRef.FieldPath);
    }

    [Theory]
    [InlineData("/sys", false)]
    [InlineData("/dev", false)]
    [InlineData("/run/udev", true)]
    [InlineData("/etc/multipath", true)]
    [InlineData("/run/brick-worker", false)]
    public void A_host_folder_is_mounted_at_the_same_place(string path, bool readOnlyAllowed)
    {
        var volume = Assert.Single(Manifests.Pod.Volumes, v => v.HostPath?.Path == path);
        var mount = Assert.Single(Manifests.Worker.VolumeMounts, m => m.Name == volume.Name);
        Assert.Equal(path, mount.MountPath);
        if (!readOnlyAllowed)
            Assert.NotEqual(true, mount.ReadOnlyProperty);
    }

    [Fact]
    public void Each_node_connects_over_TLS_as_its_own_broker_user_with_a_password_from_the_node_and_nowhere_else()
    {
        var worker = Manifests.Worker;
        var setting = Assert.Single(worker.Env, e => e.Name == "Brick__BrokerPasswordFile");
        var file = setting.Value;
        var mount = Assert.Single(worker.VolumeMounts, m => file.StartsWith(m.MountPath.TrimEnd('/') + "/", StringComparison.Ordinal));
        Assert.True(mount.ReadOnlyProperty);
        // The node's own credentials: a Secret would be one for every node (a DaemonSet's pods share one template).
        var volume = Assert.Single(Manifests.Pod.Volumes, v => v.Name == mount.Name);
        Assert.Null(volume.Secret);
        Assert.Equal("Directory", volume.HostPath?.Type);

        // The URI: amqps://, a user named after the node (Kubernetes expands $(Brick__Host), defined before it), no password.
        Assert.DoesNotContain(worker.Env, e => e.ValueFrom?.SecretKeyRef is not null);
        var brokerIndex = worker.Env.ToList().FindIndex(e => e.Name == "Brick__Broker");
        Assert.True(brokerIndex > worker.Env.ToList().FindIndex(e => e.Name == "Brick__Host"), "Brick__Broker must come after Brick__Host to expand it");
        var broker = new Uri(worker.Env[brokerIndex].Value.Replace("$(Brick__Host)", "node-1", StringComparison.Ordinal));
        Assert.Equal("amqps", broker.Scheme);
        Assert.Contains("node-1", broker.UserInfo, StringComparison.Ordinal);
        Assert.DoesNotContain(':', broker.UserInfo);
        Assert.Equal(5671, broker.Port);
        var settings = JsonDocument.Parse(Manifests.Single<V1ConfigMap>().Data["appsettings.json"]);
        Assert.False(settings.RootElement.GetProperty("Brick").TryGetProperty("Broker", out _), "one broker URI, the pod's, not a shared user's in the ConfigMap");
    }

    [Fact]
    public void The_root_filesystem_is_read_only_and_locks_and_delivery_counts_live_in_the_node_s_run_brick_worker()
    {
        Assert.True(Manifests.Worker.SecurityContext.ReadOnlyRootFilesystem);
        var volume = Assert.Single(Manifests.Pod.Volumes, v => v.HostPath?.Path == "/run/brick-worker");
        var mount = Assert.Single(Manifests.Worker.VolumeMounts, m => m.Name == volume.Name);
        Assert.Equal("/run/brick-worker", mount.MountPath); // LockDirectory's default, where `brick-worker extend` on the node looks
        Assert.NotEqual(true, mount.ReadOnlyProperty);
        Assert.Contains(Manifests.Worker.VolumeMounts, m => m.MountPath == "/tmp" && Manifests.Pod.Volumes.Single(v => v.Name == m.Name).EmptyDir is not null);
    }

    [Fact]
    public void The_settings_are_mounted_where_the_worker_reads_them()
    {
        var configMap = Manifests.Single<V1ConfigMap>();
        Assert.True(configMap.Data.ContainsKey("appsettings.json"));
        var volume = Assert.Single(Manifests.Pod.Volumes, v => v.ConfigMap?.Name == configMap.Metadata.Name);
        var mount = Assert.Single(Manifests.Worker.VolumeMounts, m => m.Name == volume.Name);
        // The image's working directory: the worker reads appsettings.json from there (deploy/docker/Dockerfile).
        Assert.Equal("/etc/brick-worker", mount.MountPath);
    }

    [Fact]
    public void The_probes_ask_healthz_and_readyz_on_the_port_the_worker_serves()
    {
        var worker = Manifests.Worker;
        var port = Assert.Single(worker.Ports);
        var http = worker.Args[worker.Args.IndexOf("--http") + 1];
        Assert.EndsWith($":{port.ContainerPort}", http, StringComparison.Ordinal);
        foreach (var (probe, path) in new[] { (worker.LivenessProbe, "/healthz"), (worker.ReadinessProbe, "/readyz") })
        {
            Assert.Equal(path, probe.HttpGet.Path);
            Assert.True(probe.HttpGet.Port.Value == port.Name || probe.HttpGet.Port.Value == port.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"{path} asks port {probe.HttpGet.Port.Value}, the worker serves {port.ContainerPort} ({port.Name})");
        }
    }

    [Fact]
    public void The_unauthenticated_endpoints_listen_on_loopback_and_the_probes_ask_there()
    {
        var worker = Manifests.Worker;
        var http = worker.Args[worker.Args.IndexOf("--http") + 1];
        var address = Brick.Service.Settings.HttpAddress.TryParse(http, out var error);
        Assert.True(address is not null, $"--http {http}: {error}");
        Assert.True(address.Address is null || System.Net.IPAddress.IsLoopback(address.Address), $"--http {http} is not a loopback address");
        Assert.Equal(Assert.Single(worker.Ports).ContainerPort, address.Port);
        Assert.True(Manifests.Pod.HostNetwork, "the kubelet reaches the pod's loopback only where it is the node's");
        foreach (var probe in new[] { worker.LivenessProbe, worker.ReadinessProbe })
            Assert.Equal("127.0.0.1", probe.HttpGet.Host);
    }

    [Fact]
    public void Cpu_and_memory_have_requests_and_limits()
    {
        var resources = Manifests.Worker.Resources;
        foreach (var name in new[] { "cpu", "memory" })
        {
            Assert.True(resources.Requests.ContainsKey(name), $"no {name} request");
            Assert.True(resources.Limits.ContainsKey(name), $"no {name} limit");
            Assert.True(resources.Requests[name].ToDecimal() <= resources.Limits[name].ToDecimal(), $"{name} request above its limit");
        }
    }

    [Fact]
    public void The_service_account_is_granted_nothing_and_its_token_is_not_mounted()
    {
        var account = Manifests.Single<V1ServiceAccount>();
        Assert.Equal(false, account.AutomountServiceAccountToken);
        Assert.Equal(account.Metadata.Name, Manifests.Pod.ServiceAccountName);
        Assert.Equal(false, Manifests.Pod.AutomountServiceAccountToken);
        Assert.DoesNotContain(Manifests.Objects, o => o.Object is V1Role or V1ClusterRole or V1RoleBinding or V1ClusterRoleBinding);
    }
}
