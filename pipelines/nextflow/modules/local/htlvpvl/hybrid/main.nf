process HTLVPVL_HYBRID {
    tag "${meta.id}"
    label 'process_single'

    conda "${moduleDir}/environment.yml"
    // biocontainers image of the bioconda package (packaging/bioconda) once that is published
    container "${ workflow.containerEngine in ['singularity', 'apptainer'] && !task.ext.singularity_pull_docker_container ?
        'https://depot.galaxyproject.org/singularity/htlvpvl:0.1.0--0' :
        'biocontainers/htlvpvl:0.1.0--0' }"

    input:
    tuple val(meta), path(host)                 // host genome FASTA (plain or gzip)

    output:
    tuple val(meta), path("${prefix}.fa"), emit: fasta
    tuple val("${task.process}"), val('htlvpvl'), eval('htlvpvl --version | head -1 | sed "s/htlvpvl //"'), emit: versions_htlvpvl, topic: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    prefix = task.ext.prefix ?: "${meta.id}_hybrid"
    """
    gzip -cdf ${host} > ${prefix}.fa
    htlvpvl ref >> ${prefix}.fa
    """

    stub:
    prefix = task.ext.prefix ?: "${meta.id}_hybrid"
    """
    touch ${prefix}.fa
    """
}
