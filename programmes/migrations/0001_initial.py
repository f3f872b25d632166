# The model programmes move out of `ventures` (its 0005 forgets them) into this app.
# Nothing changes in the database here: the state is created on the existing
# `ventures_*` tables, and their content types move to this app so permissions, admin
# log entries and history keep pointing at them. 0002 then renames the tables.

import common.validators
import django.core.validators
import django.db.models.deletion
import rules.contrib.models
import simple_history.models
import programmes.models
from django.conf import settings
from django.db import migrations, models

MODELS = [
    "modelprogramme",
    "programmeparticipant",
    "historicalprogrammeparticipant",
    "trainingsession",
    "trainingattendance",
    "supportrecord",
]


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        # A content type made for the new label before this ran (none on a migrated
        # database) would block the move; the old one holds the permissions and history.
        old = ContentType.objects.using(db).filter(app_label="ventures", model=model)
        if old.exists():
            ContentType.objects.using(db).filter(app_label="programmes", model=model).delete()
            old.update(app_label="programmes")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="programmes", model__in=MODELS).update(app_label="ventures")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('ventures', '0005_programmes_moved_out'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ModelProgramme',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='tạo lúc')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='cập nhật lúc')),
                        ('name', models.CharField(max_length=255, verbose_name='tên chương trình')),
                        ('plan_number', models.CharField(blank=True, help_text='Ví dụ: 45-KH/ĐTN, ngày 05/6/2017.', max_length=100, verbose_name='số kế hoạch')),
                        ('description', models.TextField(blank=True, verbose_name='mục đích, đối tượng, tiêu chuẩn')),
                        ('start_date', models.DateField(verbose_name='bắt đầu')),
                        ('end_date', models.DateField(verbose_name='kết thúc')),
                        ('registration_deadline', models.DateField(help_text='Ngày cuối cùng các đơn vị gửi danh sách đăng ký (theo mẫu).', verbose_name='hạn đăng ký')),
                        ('target_models', models.PositiveSmallIntegerField(default=10, validators=[django.core.validators.MinValueValidator(1)], verbose_name='chỉ tiêu mô hình thành công')),
                        ('reports_monthly', models.BooleanField(default=True, verbose_name='báo cáo hằng tháng')),
                        ('reports_half_yearly', models.BooleanField(default=True, verbose_name='báo cáo 6 tháng')),
                        ('reports_yearly', models.BooleanField(default=True, verbose_name='báo cáo năm')),
                        ('reporting_from', models.DateField(blank=True, help_text='Các kỳ báo cáo tính từ ngày này; để trống thì tính từ ngày bắt đầu.', null=True, verbose_name='báo cáo tiến độ từ ngày')),
                        ('evaluation_from', models.DateField(blank=True, help_text='Trước ngày này chưa được đánh giá mô hình; để trống nếu đánh giá lúc nào cũng được.', null=True, verbose_name='đánh giá, tổng kết từ ngày')),
                        ('eligible_kinds', models.JSONField(blank=True, default=programmes.models.default_eligible_kinds, help_text='Để trống: mọi loại hình.', verbose_name='loại hình mô hình được đăng ký')),
                        ('status', models.CharField(choices=[('draft', 'Dự thảo'), ('active', 'Đang triển khai'), ('closed', 'Đã tổng kết')], default='draft', max_length=10, verbose_name='trạng thái')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người tạo')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='model_programmes', to='accounts.unit', verbose_name='đơn vị tổ chức')),
                    ],
                    options={
                        'db_table': 'ventures_modelprogramme',
                        'verbose_name': 'chương trình xây dựng mô hình',
                        'verbose_name_plural': 'chương trình xây dựng mô hình',
                        'ordering': ['-start_date', 'name', 'pk'],
                    },
                    bases=(rules.contrib.models.RulesModelMixin, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalProgrammeParticipant',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='tạo lúc')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='cập nhật lúc')),
                        ('branch_name', models.CharField(blank=True, help_text='Chi đoàn mà chủ mô hình làm Bí thư, ví dụ: Chi đoàn thôn 3.', max_length=150, verbose_name='chi đoàn')),
                        ('sector', models.CharField(choices=[('crops', 'Trồng trọt'), ('livestock', 'Chăn nuôi, thủy sản'), ('forestry', 'Lâm nghiệp, dược liệu'), ('processing', 'Chế biến nông sản, thực phẩm'), ('handicraft', 'Thủ công mỹ nghệ'), ('manufacturing', 'Sản xuất công nghiệp, xây dựng'), ('trade', 'Thương mại, dịch vụ'), ('tourism', 'Du lịch cộng đồng, sinh thái'), ('technology', 'Công nghệ thông tin, chuyển đổi số'), ('education', 'Giáo dục, y tế, xã hội'), ('other', 'Lĩnh vực khác')], max_length=30, verbose_name='nhóm ngành nghề')),
                        ('support_needs', models.TextField(blank=True, verbose_name='nhu cầu hỗ trợ')),
                        ('status', models.CharField(choices=[('registered', 'Đã đăng ký'), ('selected', 'Được lựa chọn'), ('not_selected', 'Không được lựa chọn'), ('withdrawn', 'Đã rút')], default='registered', max_length=15, verbose_name='trạng thái')),
                        ('selected_at', models.DateTimeField(blank=True, null=True, verbose_name='xét chọn lúc')),
                        ('selection_note', models.TextField(blank=True, verbose_name='ý kiến xét chọn')),
                        ('is_successful', models.BooleanField(default=False, verbose_name='xây dựng thành công')),
                        ('to_commend', models.BooleanField(default=False, verbose_name='đề nghị tuyên dương')),
                        ('to_replicate', models.BooleanField(default=False, verbose_name='nhân rộng')),
                        ('evaluation_note', models.TextField(blank=True, verbose_name='nhận xét, đánh giá')),
                        ('evaluated_at', models.DateTimeField(blank=True, null=True, verbose_name='đánh giá lúc')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('evaluated_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người đánh giá')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('registered_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người đăng ký')),
                        ('selected_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người xét chọn')),
                        ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.unit', verbose_name='đơn vị đăng ký')),
                        ('venture', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='ventures.venture', verbose_name='mô hình')),
                        ('programme', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programmes.modelprogramme', verbose_name='chương trình')),
                    ],
                    options={
                        'db_table': 'ventures_historicalprogrammeparticipant',
                        'verbose_name': 'historical mô hình tham gia chương trình',
                        'verbose_name_plural': 'historical mô hình tham gia chương trình',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='ProgrammeParticipant',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='tạo lúc')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='cập nhật lúc')),
                        ('branch_name', models.CharField(blank=True, help_text='Chi đoàn mà chủ mô hình làm Bí thư, ví dụ: Chi đoàn thôn 3.', max_length=150, verbose_name='chi đoàn')),
                        ('sector', models.CharField(choices=[('crops', 'Trồng trọt'), ('livestock', 'Chăn nuôi, thủy sản'), ('forestry', 'Lâm nghiệp, dược liệu'), ('processing', 'Chế biến nông sản, thực phẩm'), ('handicraft', 'Thủ công mỹ nghệ'), ('manufacturing', 'Sản xuất công nghiệp, xây dựng'), ('trade', 'Thương mại, dịch vụ'), ('tourism', 'Du lịch cộng đồng, sinh thái'), ('technology', 'Công nghệ thông tin, chuyển đổi số'), ('education', 'Giáo dục, y tế, xã hội'), ('other', 'Lĩnh vực khác')], max_length=30, verbose_name='nhóm ngành nghề')),
                        ('support_needs', models.TextField(blank=True, verbose_name='nhu cầu hỗ trợ')),
                        ('status', models.CharField(choices=[('registered', 'Đã đăng ký'), ('selected', 'Được lựa chọn'), ('not_selected', 'Không được lựa chọn'), ('withdrawn', 'Đã rút')], default='registered', max_length=15, verbose_name='trạng thái')),
                        ('selected_at', models.DateTimeField(blank=True, null=True, verbose_name='xét chọn lúc')),
                        ('selection_note', models.TextField(blank=True, verbose_name='ý kiến xét chọn')),
                        ('is_successful', models.BooleanField(default=False, verbose_name='xây dựng thành công')),
                        ('to_commend', models.BooleanField(default=False, verbose_name='đề nghị tuyên dương')),
                        ('to_replicate', models.BooleanField(default=False, verbose_name='nhân rộng')),
                        ('evaluation_note', models.TextField(blank=True, verbose_name='nhận xét, đánh giá')),
                        ('evaluated_at', models.DateTimeField(blank=True, null=True, verbose_name='đánh giá lúc')),
                        ('evaluated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người đánh giá')),
                        ('programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='participants', to='programmes.modelprogramme', verbose_name='chương trình')),
                        ('registered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người đăng ký')),
                        ('selected_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người xét chọn')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='programme_participants', to='accounts.unit', verbose_name='đơn vị đăng ký')),
                        ('venture', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='programme_participations', to='ventures.venture', verbose_name='mô hình')),
                    ],
                    options={
                        'db_table': 'ventures_programmeparticipant',
                        'verbose_name': 'mô hình tham gia chương trình',
                        'verbose_name_plural': 'mô hình tham gia chương trình',
                        'ordering': ['pk'],
                    },
                    bases=(rules.contrib.models.RulesModelMixin, models.Model),
                ),
                migrations.CreateModel(
                    name='SupportRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='tạo lúc')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='cập nhật lúc')),
                        ('kind', models.CharField(choices=[('loan_vbsp', 'Vay vốn Ngân hàng Chính sách xã hội'), ('loan_fund_120', 'Vay vốn Quỹ 120 (kênh Trung ương Đoàn)'), ('loan_other', 'Vay vốn chương trình tín dụng khác'), ('partner', 'Doanh nghiệp đồng hành, liên kết đầu vào/đầu ra'), ('trade_fair', 'Gian hàng tại hội chợ thương mại'), ('trademark', 'Đăng ký nhãn hiệu, thương hiệu'), ('food_safety', 'Chứng nhận vệ sinh an toàn thực phẩm'), ('advice', 'Tư vấn, chuyển giao kỹ thuật'), ('forum', 'Diễn đàn, tham quan học tập'), ('other', 'Hỗ trợ khác')], max_length=20, verbose_name='hình thức hỗ trợ')),
                        ('date', models.DateField(validators=[common.validators.validate_not_in_future], verbose_name='ngày')),
                        ('amount', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='số tiền (đồng)')),
                        ('provider', models.CharField(blank=True, help_text='Ví dụ: NHCSXH huyện, Công ty ABC.', max_length=255, verbose_name='đơn vị hỗ trợ, đối tác')),
                        ('description', models.TextField(blank=True, verbose_name='nội dung')),
                        ('participant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='support_records', to='programmes.programmeparticipant', verbose_name='mô hình')),
                        ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người ghi nhận')),
                    ],
                    options={
                        'db_table': 'ventures_supportrecord',
                        'verbose_name': 'hỗ trợ mô hình',
                        'verbose_name_plural': 'hỗ trợ mô hình',
                        'ordering': ['-date', '-pk'],
                    },
                    bases=(rules.contrib.models.RulesModelMixin, models.Model),
                ),
                migrations.CreateModel(
                    name='TrainingAttendance',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='tạo lúc')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='cập nhật lúc')),
                        ('attended', models.BooleanField(default=True, verbose_name='có mặt')),
                        ('note', models.CharField(blank=True, max_length=255, verbose_name='ghi chú')),
                        ('participant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='programmes.programmeparticipant', verbose_name='mô hình')),
                    ],
                    options={
                        'db_table': 'ventures_trainingattendance',
                        'verbose_name': 'điểm danh tập huấn',
                        'verbose_name_plural': 'điểm danh tập huấn',
                    },
                ),
                migrations.CreateModel(
                    name='TrainingSession',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='tạo lúc')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='cập nhật lúc')),
                        ('title', models.CharField(max_length=255, verbose_name='tên lớp, hoạt động')),
                        ('date', models.DateField(verbose_name='ngày')),
                        ('place', models.CharField(blank=True, max_length=255, verbose_name='địa điểm')),
                        ('topic', models.TextField(blank=True, verbose_name='nội dung')),
                        ('trainer', models.CharField(blank=True, max_length=255, verbose_name='báo cáo viên, đơn vị phối hợp')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người tạo')),
                        ('participants', models.ManyToManyField(blank=True, related_name='training_sessions', through='programmes.TrainingAttendance', to='programmes.programmeparticipant', verbose_name='học viên')),
                        ('programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='training_sessions', to='programmes.modelprogramme', verbose_name='chương trình')),
                    ],
                    options={
                        'db_table': 'ventures_trainingsession',
                        'verbose_name': 'lớp tập huấn',
                        'verbose_name_plural': 'lớp tập huấn',
                        'ordering': ['date', 'pk'],
                    },
                    bases=(rules.contrib.models.RulesModelMixin, models.Model),
                ),
                migrations.AddField(
                    model_name='trainingattendance',
                    name='session',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='programmes.trainingsession', verbose_name='lớp tập huấn'),
                ),
                migrations.AddConstraint(
                    model_name='modelprogramme',
                    constraint=models.CheckConstraint(condition=models.Q(('end_date__gte', models.F('start_date'))), name='ventures_modelprogramme_dates_in_order', violation_error_message='Ngày kết thúc phải sau ngày bắt đầu.'),
                ),
                migrations.AddConstraint(
                    model_name='modelprogramme',
                    constraint=models.CheckConstraint(condition=models.Q(('registration_deadline__gte', models.F('start_date')), ('registration_deadline__lte', models.F('end_date'))), name='ventures_modelprogramme_deadline_within', violation_error_message='Hạn đăng ký phải nằm trong thời gian của chương trình.'),
                ),
                migrations.AddConstraint(
                    model_name='modelprogramme',
                    constraint=models.CheckConstraint(condition=models.Q(('reports_monthly', True), ('reports_half_yearly', True), ('reports_yearly', True), _connector='OR'), name='ventures_modelprogramme_has_cadence', violation_error_message='Chọn ít nhất một kỳ báo cáo: tháng, 6 tháng hoặc năm.'),
                ),
                migrations.AddConstraint(
                    model_name='programmeparticipant',
                    constraint=models.UniqueConstraint(fields=('programme', 'venture'), name='ventures_programmeparticipant_unique_venture', violation_error_message='Mô hình này đã đăng ký tham gia chương trình.'),
                ),
                migrations.AddConstraint(
                    model_name='programmeparticipant',
                    constraint=models.CheckConstraint(condition=models.Q(('is_successful', True), models.Q(('to_commend', False), ('to_replicate', False)), _connector='OR'), name='ventures_programmeparticipant_commend_needs_success', violation_error_message='Chỉ đề nghị tuyên dương, nhân rộng mô hình đã xây dựng thành công.'),
                ),
                migrations.AddConstraint(
                    model_name='programmeparticipant',
                    constraint=models.CheckConstraint(condition=models.Q(('status', 'selected'), ('is_successful', False), _connector='OR'), name='ventures_programmeparticipant_success_needs_selection', violation_error_message='Chỉ đánh giá mô hình đã được lựa chọn.'),
                ),
                migrations.AddConstraint(
                    model_name='trainingattendance',
                    constraint=models.UniqueConstraint(fields=('session', 'participant'), name='ventures_trainingattendance_one_per_participant'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
