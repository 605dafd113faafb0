process HTLVPVL_COMPARE {
    tag "${meta.id}"
    label 'process_single'

    conda "${moduleDir}/environment.yml"
    // biocontainers image of the bioconda package (packaging/bioconda) once that is published
    container "${ workflow.containerEngine in ['singularity', 'apptainer'] && !task.ext.singularity_pull_docker_container ?
        'https://depot.galaxyproject.org/singularity/htlvpvl:0.1.0--0' :
        'biocontainers/htlvpvl:0.1.0--0' }"

    input:
    tuple val(meta), path(sheet), path(counts)   // counts: each sample's summary.json + sites.tsv;
                                                 // the sheet's `summary` column names them as staged

    output:
    tuple val(meta), path("${prefix}.pvl.tsv")   , emit: pvl
    tuple val(meta), path("${prefix}.clones.tsv"), emit: clones
    tuple val(meta), path("${prefix}.json")      , emit: json
    tuple val(meta), path("${prefix}_mqc.json")  , emit: mqc
    tuple val(meta), path("${prefix}.table_mqc.json"), emit: mqc_table
    tuple val(meta), path("*.svg")               , emit: svg
    tuple val(meta), path("${prefix}.html")      , emit: html
    tuple val("${task.process}"), val('htlvpvl'), eval('htlvpvl --version | head -1 | sed "s/htlvpvl //"'), emit: versions_htlvpvl, topic: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''
    prefix   = task.ext.prefix ?: "${meta.id}"
    """
    htlvpvl compare \\
        ${args} \\
        -o ${prefix} \\
        ${sheet}
    """

    stub:
    prefix   = task.ext.prefix ?: "${meta.id}"
    """
    touch ${prefix}.pvl.tsv
    touch ${prefix}.clones.tsv
    echo '{}' > ${prefix}.json
    echo '{}' > ${prefix}_mqc.json
    echo '{}' > ${prefix}.table_mqc.json
    touch ${prefix}.pvl.svg
    touch ${prefix}.clones.svg
    touch ${prefix}.html
    """
}
