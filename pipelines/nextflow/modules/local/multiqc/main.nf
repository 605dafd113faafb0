process MULTIQC {
    label 'process_single'

    conda "bioconda::multiqc=1.25.1"
    container "${ workflow.containerEngine in ['singularity', 'apptainer'] && !task.ext.singularity_pull_docker_container ?
        'https://depot.galaxyproject.org/singularity/multiqc:1.25.1--pyhdfd78af_0' :
        'biocontainers/multiqc:1.25.1--pyhdfd78af_0' }"

    input:
    path mqc_files, stageAs: '?/*'
    path multiqc_config

    // MultiQC's own version is not on the `versions` topic: the report is made from that topic.
    output:
    path "multiqc_report.html", emit: report
    path "multiqc_data"       , emit: data
    tuple val("${task.process}"), val('multiqc'), eval('multiqc --version | sed "s/.* //"'), emit: versions_multiqc

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''
    """
    multiqc \\
        --force \\
        ${args} \\
        --config ${multiqc_config} \\
        .
    """

    stub:
    """
    mkdir multiqc_data
    touch multiqc_report.html
    """
}
