# The model programmes moved to their own app (`programmes`, whose 0001 takes them
# over on the same tables): forget them here without touching the database.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('ventures', '0004_erasure_request'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name='trainingsession', name='participants'),
                migrations.DeleteModel(name='TrainingAttendance'),
                migrations.DeleteModel(name='TrainingSession'),
                migrations.DeleteModel(name='SupportRecord'),
                migrations.DeleteModel(name='HistoricalProgrammeParticipant'),
                migrations.DeleteModel(name='ProgrammeParticipant'),
                migrations.DeleteModel(name='ModelProgramme'),
            ],
            database_operations=[],
        ),
    ]
